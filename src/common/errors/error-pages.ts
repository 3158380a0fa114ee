import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { OAuth1ProtocolError } from '../../protocol/oauth1/errors';
import { parseSpecialTitle } from '../../protocol/mediawiki-pages';
import { ErrorResponse } from './error-response';
import { OAUTH1_PATH } from './protocol-errors';
import { OAUTH1_READ_ONLY_KEY, READ_ONLY_CODE, ReadOnlyRefusal } from './read-only-refusal';

/** What views/error.hbs shows. Keys name catalog messages (catalog/messages/en/errors.json). */
export interface ErrorPage {
  titleKey: string;
  status: number;
  requestId: string;
  /** The error's own words, shown when there is no `messageKey` (or `explanationKey` the catalog knows). */
  message?: string;
  messageKey?: string;
  /** An explanation for people, when the catalog has one (OAuth 1.0a keys: `err-<key>`). */
  explanationKey?: string;
  /** MediaWiki's error key and E-code (docs/mediawiki-compatibility.md#errors). */
  key?: string;
  code?: string;
  [field: string]: unknown;
}

/**
 * Renders an error page with everything PagesService.render gives a page (who is logged in, the
 * CSRF token of the header's logout form, the language). The web layer provides it
 * (app.setup.ts); common/ cannot import it, so it is looked up on the Fastify instance.
 */
export type ErrorPageRenderer = (request: FastifyRequest, reply: FastifyReply, page: ErrorPage) => Promise<void>;

const RENDERER = 'consentryErrorPages';

export function provideErrorPages(fastify: FastifyInstance, renderer: ErrorPageRenderer): void {
  fastify.decorate(RENDERER, renderer);
}

export function errorPageRenderer(request: FastifyRequest): ErrorPageRenderer | undefined {
  const renderer = (request.server as unknown as Record<string, unknown> | undefined)?.[RENDERER];
  return typeof renderer === 'function' ? (renderer as ErrorPageRenderer) : undefined;
}

/** Browsers ask for HTML first; API clients ask for JSON or anything. */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !request.url.startsWith('/api/');
}

/**
 * A person's browser loading a page, not a script: HTML wanted and, where the browser says
 * (Fetch Metadata), a navigation; and no `format=json|raw` asked of MediaWiki's endpoints.
 */
export function isBrowserNavigation(request: FastifyRequest): boolean {
  const mode = request.headers['sec-fetch-mode'];
  const format = (request.query as Record<string, unknown> | null | undefined)?.format;
  return wantsHtml(request) && (mode === undefined || mode === 'navigate') && (format ?? 'html') === 'html';
}

const OAUTH1_PAGE_STEPS = new Set(['authorize', 'authenticate', 'verified']);
const NATIVE_STEP = /^\/oauth1\/([A-Za-z]+)(?:[?#]|$)/;
const WIKI_STEP = /^\/wiki\/Special(?::|%3A)(?:MW)?OAuth\/([A-Za-z]+)(?:[?#]|$)/i;
const INDEX_PHP = /^\/(?:w\/)?index\.php(?:[?#]|$)/;

/**
 * The OAuth 1.0a steps a person's browser is sent to (authorize, authenticate, and the out-of-band
 * `verified` page), at our addresses and MediaWiki's: MediaWiki shows its error page there
 * (docs/mediawiki-compatibility.md#errors), clients read the other steps' text or JSON.
 */
export function isOAuth1PageStep(request: FastifyRequest): boolean {
  const path = request.url;
  const step = NATIVE_STEP.exec(path)?.[1] ?? WIKI_STEP.exec(path)?.[1] ?? indexStep(request);
  return step !== undefined && OAUTH1_PAGE_STEPS.has(step.toLowerCase());
}

function indexStep(request: FastifyRequest): string | undefined {
  if (!INDEX_PHP.test(request.url)) return undefined;
  const title = (request.query as Record<string, unknown> | null | undefined)?.title;
  const special = typeof title === 'string' ? parseSpecialTitle(title) : null;
  return special?.page === 'OAuth' && special.subpage !== null ? special.subpage : undefined;
}

const E_CODE = /\((E\d{3})\)\s*$/;

/**
 * The page for an error, or undefined when the answer is not a page: HTML for browsers only, and
 * protocol errors keep their shape (for clients) except where a person is: a write refused in
 * read-only mode, or an OAuth 1.0a error at a browser step.
 */
export function errorPage(error: unknown, response: ErrorResponse, request: FastifyRequest): ErrorPage | undefined {
  if (!wantsHtml(request)) return undefined;
  const base = { status: response.status, requestId: request.id };
  const navigation = isBrowserNavigation(request);
  const oauth1 = OAUTH1_PATH.test(request.url);
  if (error instanceof ReadOnlyRefusal) {
    // OAuth 1.0a and OAuth 2 clients read their own formats; people get a page.
    if (!navigation && (response.plain || oauth1)) return undefined;
    const key = oauth1 ? { key: OAUTH1_READ_ONLY_KEY } : {};
    return { ...base, titleKey: 'err-read-only-title', message: error.message, error: READ_ONLY_CODE, ...key };
  }
  if (error instanceof OAuth1ProtocolError) {
    if (!navigation || !isOAuth1PageStep(request)) return undefined;
    return {
      ...base,
      titleKey: 'err-oauth1-title',
      message: error.message,
      key: error.key,
      code: E_CODE.exec(error.message)?.[1],
      explanationKey: `err-${error.key}`,
    };
  }
  if (response.plain || typeof response.body !== 'object') return undefined;
  // The catalog's words for people, then the error's own (which names what was not found).
  if (response.status === 404)
    return { ...base, titleKey: 'err-not-found-title', messageKey: 'err-not-found', message: response.body.message };
  return { titleKey: 'error-title', ...base, ...response.body, requestId: request.id };
}
