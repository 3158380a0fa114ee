import fc from 'fast-check';
import { mediaWikiPageTarget, parseSpecialTitle } from './mediawiki-pages';

const KEY = '0123456789abcdef0123456789abcdef';

describe('parseSpecialTitle', () => {
  it.each([
    ['Special:OAuth/initiate', { page: 'OAuth', subpage: 'initiate' }],
    ['Special:MWOAuth/token', { page: 'OAuth', subpage: 'token' }],
    ['special:oauth/identify', { page: 'OAuth', subpage: 'identify' }],
    ['Special:OAuthListConsumers', { page: 'OAuthListConsumers', subpage: null }],
    ['Special:OAuthListConsumers/', { page: 'OAuthListConsumers', subpage: '' }],
    // MediaWiki's title codec: spaces are underscores, runs are one, ends trimmed, around the colon too.
    ['Special:OAuth List Consumers', null],
    ['  Special : OAuthListConsumers/view/x  ', { page: 'OAuthListConsumers', subpage: 'view/x' }],
    ['Special:OAuthListConsumers/a  b', { page: 'OAuthListConsumers', subpage: 'a_b' }],
    ['Special:\u00a0OAuthManageConsumers', { page: 'OAuthManageConsumers', subpage: null }],
    ['\u200eSpecial:OAuthManageConsumers\u200f', { page: 'OAuthManageConsumers', subpage: null }],
    // Page names are case-insensitive; the English aliases are MediaWiki's.
    ['SPECIAL:OAUTHMANAGECONSUMERS/proposed', { page: 'OAuthManageConsumers', subpage: 'proposed' }],
    ['Special:OAuthRegistration/list', { page: 'OAuthConsumerRegistration', subpage: 'list' }],
    ['Special:OAuthGrants', { page: 'OAuthManageMyGrants', subpage: null }],
    // The subpage keeps its case: MediaWiki compares it exactly.
    ['Special:OAuthManageConsumers/Proposed', { page: 'OAuthManageConsumers', subpage: 'Proposed' }],
  ])('%j → %j', (title, expected) => {
    expect(parseSpecialTitle(title)).toEqual(expected);
  });

  it.each([
    '',
    'OAuthListConsumers',
    'Main_Page',
    'User:OAuthListConsumers',
    'Special:RecentChanges',
    'Special:__proto__',
    'Special:constructor',
    'Special:',
    ':Special:OAuthListConsumers',
    '//evil.example',
    'Special:OAuthListConsumers\r\nLocation: http://evil.example/',
    'Special:OAuthListConsumers\u0000',
    'Special:OAuthListConsumers#view',
    'Special:OAuthListConsumers/view/%2e%2e',
    'Special:OAuthListConsumers/<script>',
    `Special:OAuthListConsumers/${'x'.repeat(500)}`,
    `Special:OAuthListConsumers/${'é'.repeat(250)}`,
  ])('%j is not one of the extension’s pages', (title) => {
    expect(parseSpecialTitle(title)).toBeNull();
  });
});

describe('mediaWikiPageTarget', () => {
  it.each([
    ['Special:OAuthConsumerRegistration', '/consumers/mine'],
    ['Special:OAuthConsumerRegistration/', '/consumers/mine'],
    ['Special:OAuthConsumerRegistration/propose', '/consumers/mine'],
    ['Special:OAuthConsumerRegistration/propose/oauth1a', '/consumers/propose/oauth1a'],
    ['Special:OAuthConsumerRegistration/propose/oauth2', '/consumers/propose/oauth2'],
    ['Special:OAuthConsumerRegistration/list', '/consumers/mine'],
    [`Special:OAuthConsumerRegistration/update/${KEY}`, `/consumers/${KEY}`],
    ['Special:OAuthRegistration/list', '/consumers/mine'],
    ['Special:OAuthListConsumers', '/consumers'],
    ['Special:OAuthListConsumers/list', '/consumers'],
    [`Special:OAuthListConsumers/view/${KEY}`, `/consumers/${KEY}`],
    [`special:oauthlistconsumers/view/${KEY}`, `/consumers/${KEY}`],
    [`Special:OAuth_List_Consumers/view/${KEY}`, null],
    ['Special:OAuthManageConsumers', '/manage/consumers'],
    ['Special:OAuthManageConsumers/proposed', '/manage/consumers/stage/proposed'],
    ['Special:OAuthManageConsumers/approved', '/manage/consumers/stage/approved'],
    ['Special:OAuthManageConsumers/rejected', '/manage/consumers/stage/rejected'],
    ['Special:OAuthManageConsumers/expired', '/manage/consumers/stage/expired'],
    ['Special:OAuthManageConsumers/disabled', '/manage/consumers/stage/disabled'],
    [`Special:OAuthManageConsumers/${KEY}`, `/manage/consumers/${KEY}`],
    [`Special:OAuthManageConsumers/proposed/${KEY}`, `/manage/consumers/${KEY}`],
    ['Special:OAuthManageMyGrants', '/me/apps'],
    ['Special:OAuthManageMyGrants/list', '/me/apps'],
    ['Special:OAuthManageMyGrants/update/42', '/me/apps'],
    ['Special:OAuthManageMyGrants/revoke/42', '/me/apps'],
    [`Special:OAuthManageMyGrants/revoke/${KEY}`, '/me/apps'],
    ['Special:OAuthGrants', '/me/apps'],
  ])('%j → %j', (title, location) => {
    expect(mediaWikiPageTarget(title)).toEqual(location === null ? null : { location });
  });

  it.each([
    // Anything the table does not name is a 404, never a guess.
    'Special:OAuthConsumerRegistration/propose/oauth1',
    'Special:OAuthConsumerRegistration/propose/OAuth2',
    'Special:OAuthConsumerRegistration/propose/oauth2/x',
    'Special:OAuthConsumerRegistration/update',
    'Special:OAuthConsumerRegistration/update/',
    `Special:OAuthConsumerRegistration/update/${KEY.toUpperCase()}`,
    'Special:OAuthConsumerRegistration/list/x',
    'Special:OAuthConsumerRegistration/unknown',
    'Special:OAuthListConsumers/view',
    'Special:OAuthListConsumers/view/',
    'Special:OAuthListConsumers/view/../../evil',
    'Special:OAuthListConsumers/view///evil.example',
    `Special:OAuthListConsumers/view/${KEY}/x`,
    `Special:OAuthListConsumers/view/${KEY}0`,
    'Special:OAuthListConsumers/list/x',
    'Special:OAuthManageConsumers/configuration-based',
    'Special:OAuthManageConsumers/Proposed',
    'Special:OAuthManageConsumers/x',
    `Special:OAuthManageConsumers/x/${KEY}`,
    `Special:OAuthManageConsumers/proposed/${KEY}/x`,
    'Special:OAuthManageConsumers/proposed/x',
    'Special:OAuthManageMyGrants/update',
    'Special:OAuthManageMyGrants/update/0',
    'Special:OAuthManageMyGrants/update/12345678901',
    'Special:OAuthManageMyGrants/update/-1',
    'Special:OAuthManageMyGrants/manage/1',
    'Special:OAuthManageMyGrants/update/1/x',
  ])('%j is one of the pages, at an address Consentry does not map: 404', (title) => {
    expect(mediaWikiPageTarget(title)).toEqual({ location: null });
  });

  it.each(['Special:OAuth/initiate', 'Special:MWOAuth', 'Special:RecentChanges', 'Main_Page', '//evil.example', ''])(
    '%j is no page of this table (the protocol or nothing)',
    (title) => {
      expect(mediaWikiPageTarget(title)).toBeNull();
    },
  );

  it.each([
    [{ name: 'Bot', publisher: 'Alice', stage: '0' }, '/consumers?name=Bot&owner=Alice&stage=proposed'],
    [{ stage: '-1' }, '/consumers?stage=any'],
    [{ stage: '4' }, '/consumers?stage=disabled'],
    [{ stage: '5' }, '/consumers'],
    [{ stage: 'approved' }, '/consumers'],
    [{ name: 'a&b=c?d#e/f' }, '/consumers?name=a%26b%3Dc%3Fd%23e%2Ff'],
    [{ name: 'x\r\nLocation: http://evil.example/' }, '/consumers'],
    [{ name: ['a', 'b'], publisher: { x: 1 } }, '/consumers'],
    [{ name: 'x'.repeat(256) }, '/consumers'],
    [{ name: '', title: 'Special:OAuthListConsumers', owner: 'ignored' }, '/consumers'],
  ])('carries the list filters %j to %j', (query, location) => {
    expect(mediaWikiPageTarget('Special:OAuthListConsumers', query)).toEqual({ location });
    expect(mediaWikiPageTarget('Special:OAuthListConsumers/list', query)).toEqual({ location });
  });

  it('carries no query to any other page', () => {
    expect(mediaWikiPageTarget(`Special:OAuthListConsumers/view/${KEY}`, { name: 'x' })).toEqual({
      location: `/consumers/${KEY}`,
    });
    expect(mediaWikiPageTarget('Special:OAuthManageConsumers', { name: 'x', stage: '0' })).toEqual({
      location: '/manage/consumers',
    });
  });

  it('only ever leads to a path on this site from the table', () => {
    const titles = [
      'Special:OAuthListConsumers',
      `Special:OAuthListConsumers/view/${KEY}`,
      'Special:OAuthManageConsumers/proposed',
      'Special:OAuthConsumerRegistration/propose/oauth2',
      'Special:OAuthManageMyGrants/update/1',
    ];
    for (const title of titles) {
      const location = mediaWikiPageTarget(title, { name: '//evil.example', publisher: '\\evil' })?.location;
      expect(location).toMatch(/^\/(consumers|manage\/consumers|me\/apps)(\/[0-9a-z/-]*)?(\?[A-Za-z0-9%=&._-]*)?$/);
    }
  });

  it('never leads off this site, whatever the title and query (generated)', () => {
    const piece = fc.oneof(
      fc.constantFrom('Special', 'special', ':', '/', '//', '\\', '_', ' ', '.', '..', '%2F', '\r\n', '?', '#', '@'),
      fc.constantFrom('OAuthListConsumers', 'OAuthManageConsumers', 'OAuthConsumerRegistration', 'OAuthGrants'),
      fc.constantFrom('view', 'update', 'revoke', 'list', 'propose', 'oauth2', 'proposed', KEY, '42'),
      fc.constantFrom('http:', 'https://evil.example', 'evil.example', 'javascript:'),
      fc.string({ maxLength: 8 }),
    );
    const title = fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join(''));
    const query = fc.dictionary(fc.constantFrom('name', 'publisher', 'stage', 'title'), fc.string({ maxLength: 20 }));
    fc.assert(
      fc.property(title, query, (t, q) => {
        const location = mediaWikiPageTarget(t, q)?.location;
        return (
          location == null ||
          /^\/(consumers|manage\/consumers|me\/apps)(\/[0-9a-z/-]*)?(\?[A-Za-z0-9%=&.*+_~-]*)?$/.test(location)
        );
      }),
      { numRuns: 2000 },
    );
  });
});
