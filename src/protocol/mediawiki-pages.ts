/**
 * MediaWiki's special-page addresses (docs/mediawiki-compatibility.md#addresses): the titles that
 * `/w/index.php?title=…` and `/wiki/…` name, read the way MediaWiki reads them, and the Consentry
 * page that stands for each of the extension's pages for people.
 *
 * Safety: a redirect's target is always a path from the fixed table below, on this site, with at
 * most a consumer key (32 lowercase hex characters) or a stage name from a fixed list spliced in,
 * and query values percent-encoded by `URLSearchParams`. Nothing else from the title reaches it.
 */

/**
 * The status of a page redirect: 302, not MediaWiki's 301. A permanent redirect tells browsers,
 * crawlers and link checkers to forget the old address, yet the target here is only this version's
 * choice (a page may move), and an operator may route these addresses back to a wiki. A bookmark
 * keeps its old address whatever the status (browsers do not rewrite bookmarks on a 301), so a
 * temporary redirect costs the people holding one nothing. 307/308 would only matter for a POST,
 * and POSTs to these pages are not redirected: a wiki's form has no use here.
 */
export const PAGE_REDIRECT_STATUS = 302;

/** The extension's special pages, by their canonical names. */
export type SpecialPageName =
  'OAuth' | 'OAuthConsumerRegistration' | 'OAuthListConsumers' | 'OAuthManageConsumers' | 'OAuthManageMyGrants';

/** A title in the Special namespace: the page it resolves to and its subpage (`null` without one). */
export interface SpecialTitle {
  page: SpecialPageName;
  subpage: string | null;
}

/**
 * The English names and aliases of the extension's special pages, case-folded: MediaWiki resolves
 * special page names case-insensitively (`Special:oauthlistconsumers` works). A Map, not an object,
 * so that `__proto__` or `constructor` finds nothing.
 */
const SPECIAL_PAGES: ReadonlyMap<string, SpecialPageName> = new Map([
  ['oauth', 'OAuth'],
  ['mwoauth', 'OAuth'],
  ['oauthconsumerregistration', 'OAuthConsumerRegistration'],
  ['oauthregistration', 'OAuthConsumerRegistration'],
  ['oauthlistconsumers', 'OAuthListConsumers'],
  ['oauthmanageconsumers', 'OAuthManageConsumers'],
  ['oauthmanagemygrants', 'OAuthManageMyGrants'],
  ['oauthgrants', 'OAuthManageMyGrants'],
]);

/** MediaWiki lets special-page titles reach 512 bytes; anything longer is no title at all. */
const MAX_TITLE_BYTES = 512;
/**
 * What MediaWiki refuses in a title: controls, `#<>[]|{}` (`#` would start a fragment), U+FFFD and
 * anything still percent-encoded after decoding.
 */
const ILLEGAL = /[\u0000-\u001f\u007f-\u009f#<>[\]|{}\ufffd]|%[0-9A-Fa-f]{2}/;
/** Every character MediaWiki's title codec reads as a space, in runs: one underscore each. */
const SPACES = /[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
/** Direction marks, which MediaWiki drops from titles. */
const DIRECTION_MARKS = /[\u200e\u200f\u202a-\u202e]/g;
/** `Namespace:Rest`, spaces allowed around the colon as in MediaWiki. */
const NAMESPACED = /^(.+?)_*:_*(.*)$/s;

/**
 * Reads a title the way MediaWiki's title codec does, as far as special pages go: spaces and
 * underscores are one character and runs of them one, the ends are trimmed, the namespace and the
 * page name are case-insensitive, and the subpage is kept as given (MediaWiki compares it exactly).
 * `null` for anything that is not one of the extension's special pages.
 */
export function parseSpecialTitle(title: string): SpecialTitle | null {
  if (Buffer.byteLength(title, 'utf8') > MAX_TITLE_BYTES || ILLEGAL.test(title)) return null;
  const key = title
    .replace(DIRECTION_MARKS, '')
    .replace(SPACES, '_')
    .replace(/^_+|_+$/g, '');
  const parts = NAMESPACED.exec(key);
  if (!parts || parts[1].toLowerCase() !== 'special') return null;
  const slash = parts[2].indexOf('/');
  const name = slash < 0 ? parts[2] : parts[2].slice(0, slash);
  const page = SPECIAL_PAGES.get(name.toLowerCase());
  if (!page) return null;
  return { page, subpage: slash < 0 ? null : parts[2].slice(slash + 1) };
}

/** Where a page address leads: a path on this site, or `null` (404) for a subpage Consentry has no page for. */
export interface PageTarget {
  location: string | null;
}

const NOT_FOUND: PageTarget = { location: null };
const CONSUMER_KEY = /^[0-9a-f]{32}$/;
/**
 * MediaWiki's stage names, indexed by their numbers (docs/mediawiki-compatibility.md#stages);
 * Consentry's `configuration-based` has no MediaWiki address.
 */
const STAGES: readonly string[] = ['proposed', 'approved', 'rejected', 'expired', 'disabled'];
/** `Special:OAuthListConsumers?stage=` took MediaWiki's stage numbers, -1 meaning any. */
const STAGE_BY_NUMBER: ReadonlyMap<string, string> = new Map([
  ['-1', 'any'],
  ...STAGES.map((name, stage) => [String(stage), name] as const),
]);
/** In `Special:OAuthManageMyGrants/update/…`: an acceptance id, or an access token key (older links). */
const ACCEPTANCE = /^(?:[1-9][0-9]{0,9}|[0-9a-f]{32})$/;
/** The list filters a carried-over query value may fill: a short single line. */
const FILTER_VALUE = /^[^\u0000-\u001f\u007f-\u009f]{1,255}$/;

/**
 * The Consentry page for a MediaWiki title, given the query that came with it. `null` when the
 * title is not one of the pages for people (it may be `Special:OAuth/…`, the protocol's, or no
 * special page at all); `{ location: null }` when it is, but the subpage is not one Consentry maps.
 *
 * | `Special:…` (MediaWiki)                                  | Consentry                                 |
 * |----------------------------------------------------------|-------------------------------------------|
 * | `OAuthConsumerRegistration`, `/propose`, `/list`         | `/consumers/mine` (both forms, own list)  |
 * | `OAuthConsumerRegistration/propose/oauth1a`, `…/oauth2`  | `/consumers/propose/oauth1a`, `…/oauth2`  |
 * | `OAuthConsumerRegistration/update/KEY`                   | `/consumers/KEY` (the owner's forms)      |
 * | `OAuthListConsumers`, `/list` (`name`, `publisher`, `stage`) | `/consumers` (`name`, `owner`, `stage`) |
 * | `OAuthListConsumers/view/KEY`                            | `/consumers/KEY`                          |
 * | `OAuthManageConsumers`                                   | `/manage/consumers`                       |
 * | `OAuthManageConsumers/STAGE`                             | `/manage/consumers/stage/STAGE`           |
 * | `OAuthManageConsumers/KEY`, `/STAGE/KEY`                 | `/manage/consumers/KEY`                   |
 * | `OAuthManageMyGrants`, `/list`, `/update/ID`, `/revoke/ID` | `/me/apps`                              |
 */
export function mediaWikiPageTarget(title: string, query: Readonly<Record<string, unknown>> = {}): PageTarget | null {
  const special = parseSpecialTitle(title);
  if (!special || special.page === 'OAuth') return null;
  // `Special:X/` is MediaWiki's empty subpage: the same page as `Special:X`.
  const parts = special.subpage ? special.subpage.split('/') : [];
  const path = TARGETS[special.page](parts);
  if (path === null) return NOT_FOUND;
  const search = special.page === 'OAuthListConsumers' && parts.length <= 1 ? listFilters(query) : '';
  return { location: path + search };
}

type Subpage = readonly string[];

const TARGETS: Record<Exclude<SpecialPageName, 'OAuth'>, (parts: Subpage) => string | null> = {
  OAuthConsumerRegistration: (parts) => {
    const [action, arg, ...rest] = parts;
    if (rest.length > 0) return null;
    // MediaWiki's page without an action, and `propose` without a version, offer both proposal
    // forms and the owner's consumers: that is Consentry's /consumers/mine.
    if (action === undefined || ((action === 'propose' || action === 'list') && arg === undefined))
      return '/consumers/mine';
    if (action === 'propose' && (arg === 'oauth1a' || arg === 'oauth2')) return `/consumers/propose/${arg}`;
    if (action === 'update' && arg !== undefined && CONSUMER_KEY.test(arg)) return `/consumers/${arg}`;
    return null;
  },
  OAuthListConsumers: (parts) => {
    const [type, key, ...rest] = parts;
    if (rest.length > 0) return null;
    if (type === undefined || (type === 'list' && key === undefined)) return '/consumers';
    if (type === 'view' && key !== undefined && CONSUMER_KEY.test(key)) return `/consumers/${key}`;
    return null;
  },
  OAuthManageConsumers: (parts) => {
    if (parts.length === 0) return '/manage/consumers';
    const [first, second, ...rest] = parts;
    if (rest.length > 0) return null;
    if (second === undefined) {
      if (STAGES.includes(first)) return `/manage/consumers/stage/${first}`;
      return CONSUMER_KEY.test(first) ? `/manage/consumers/${first}` : null;
    }
    // Older links: `/<stage>/<key>`, the stage only saying which queue the reviewer came from.
    return STAGES.includes(first) && CONSUMER_KEY.test(second) ? `/manage/consumers/${second}` : null;
  },
  OAuthManageMyGrants: (parts) => {
    const [type, id, ...rest] = parts;
    if (rest.length > 0) return null;
    if (type === undefined || (type === 'list' && id === undefined)) return '/me/apps';
    // The id is MediaWiki's acceptance id (or access token): it names no Consentry authorization, so
    // it would open the wrong app or none. The list, where the user finds the app, is the target.
    if ((type === 'update' || type === 'revoke') && id !== undefined && ACCEPTANCE.test(id)) return '/me/apps';
    return null;
  },
};

/** `Special:OAuthListConsumers`'s filters as the list page's: `name`, `publisher` → `owner`, `stage` by number. */
function listFilters(query: Readonly<Record<string, unknown>>): string {
  const filters = new URLSearchParams();
  const name = query.name;
  const publisher = query.publisher;
  const stage = typeof query.stage === 'string' ? STAGE_BY_NUMBER.get(query.stage) : undefined;
  if (typeof name === 'string' && FILTER_VALUE.test(name)) filters.set('name', name);
  if (typeof publisher === 'string' && FILTER_VALUE.test(publisher)) filters.set('owner', publisher);
  if (stage !== undefined) filters.set('stage', stage);
  const search = filters.toString();
  return search ? `?${search}` : '';
}
