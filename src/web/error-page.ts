import type { FastifyRequest } from 'fastify';
import { ErrorPageRenderer } from '../common/errors/error-pages';
import { READ_ONLY_CODE } from '../common/errors/read-only-refusal';
import { Principal } from '../principal/principal';
import { PagesService } from './pages.service';

/**
 * Error pages rendered as every other page is (PagesService.render: the header's login state, the
 * CSRF token of its logout form, the language). When no route ran (a 404) or a guard refused first,
 * `whoIsThere` finds the session's user as the global guard would; not when a dependency is away
 * (a 5xx other than read-only mode), which would only ask the missing database again.
 */
export function errorPageRenderer(
  pages: PagesService,
  whoIsThere: (request: FastifyRequest) => Promise<Principal | undefined>,
): ErrorPageRenderer {
  return async (request, reply, page) => {
    if (!request.principal && (page.status < 500 || page.error === READ_ONLY_CODE))
      request.principal = await whoIsThere(request).catch(() => undefined);
    // The catalog explains the keys it knows; any other shows the error's own words.
    const explained = page.explanationKey && !pages.text(request, page.explanationKey).startsWith('⧼');
    await pages.render(
      request,
      reply,
      'error.hbs',
      { ...page, explanationKey: explained ? page.explanationKey : undefined },
      page.status,
    );
  };
}
