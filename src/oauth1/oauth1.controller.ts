import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../principal/route-rules.decorators';
import { AppError } from '../common/errors/app-error';
import { mediaWikiPageTarget, PAGE_REDIRECT_STATUS, parseSpecialTitle } from '../protocol/mediawiki-pages';
import { OAuth1ProtocolError } from '../protocol/oauth1/errors';
import { OAuth1Endpoints } from './oauth1-endpoints.service';
import { ReadsOnly, Writes, WritesWhen } from '../common/read-only/read-only.decorators';

type Params = Record<string, unknown>;

/**
 * OAuth 1.0a at `/oauth1/*`, each answering GET and POST. Sessions are resolved by the global
 * guard; the endpoints themselves decide what needs a user (authorize) or a signature (the rest).
 */
@ApiExcludeController()
@Public()
@Controller('oauth1')
export class OAuth1Controller {
  constructor(private readonly endpoints: OAuth1Endpoints) {}

  @Get('initiate') @Writes() initiateGet(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.endpoints.initiate(req, reply);
  }
  @Post('initiate') initiatePost(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.endpoints.initiate(req, reply);
  }
  @Get('token') @Writes() tokenGet(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.endpoints.token(req, reply);
  }
  @Post('token') tokenPost(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.endpoints.token(req, reply);
  }
  @Get('identify') identifyGet(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.endpoints.identify(req, reply);
  }
  @Post('identify') @ReadsOnly() identifyPost(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.endpoints.identify(req, reply);
  }

  // Leads only to a new token (docs/operations.md#read-only-mode), as MediaWiki refuses it too.
  @Get(':step(authorize|authenticate)')
  @Writes()
  page(@Param('step') step: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Params) {
    return this.endpoints.authorizePage(req, reply, query, step === 'authenticate', '/oauth1/authorize');
  }

  @Post(':step(authorize|authenticate)')
  decision(
    @Param('step') step: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Params | undefined,
    @Query() query: Params,
  ) {
    if (body?.decision !== undefined) return this.endpoints.authorizeDecision(req, reply, body);
    return this.endpoints.authorizePage(
      req,
      reply,
      { ...query, ...body },
      step === 'authenticate',
      '/oauth1/authorize',
    );
  }

  @Get('verified') verified(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Params) {
    return this.endpoints.verified(req, reply, query);
  }
}

/** A `Special:OAuth` subpage that may name a step; which ones do is decided below. */
const STEP = /^[A-Za-z]+$/;

/**
 * The steps read-only mode refuses (docs/operations.md#read-only-mode): as MediaWiki under
 * $wgMWOAuthReadOnly, every one but `identify` and `verified`, which only read.
 */
const WRITING_STEPS = new Set(['initiate', 'token', 'authorize', 'authenticate']);

/** Whether a request to MediaWiki's addresses names a writing step: the title (or path) that dispatch() reads. */
function stepWrites(req: FastifyRequest): boolean {
  const params = req.params as Params | undefined;
  const query = req.query as Params | undefined;
  const body = req.method === 'POST' ? (req.body as Params | undefined) : undefined;
  const title =
    typeof params?.step === 'string' ? `Special:OAuth/${params.step}` : (str(query?.title) ?? str(body?.title));
  const special = parseSpecialTitle(title ?? '');
  const subpage = special?.page === 'OAuth' ? special.subpage : null;
  return subpage !== null && STEP.test(subpage) && WRITING_STEPS.has(subpage.toLowerCase());
}

/**
 * MediaWiki's addresses — `/w/index.php?title=Special:OAuth/initiate`, `/index.php?title=…`,
 * `/wiki/Special:OAuth/…` — so clients written for MediaWiki work unchanged. The signature
 * covers the URL exactly as sent, `title` included. The same `index.php` route also names the
 * extension's pages for people (`title=Special:OAuthListConsumers/…`): a GET for one of those
 * is sent to Consentry's page, as `/wiki/Special:…` is in src/pages.
 */
@ApiExcludeController()
@Public()
@Controller()
export class MediaWikiOAuth1Controller {
  constructor(private readonly endpoints: OAuth1Endpoints) {}

  @Get(['w/index.php', 'index.php'])
  @WritesWhen(stepWrites)
  indexGet(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Params) {
    return this.dispatch(str(query.title), req, reply, query);
  }

  @Post(['w/index.php', 'index.php'])
  @WritesWhen(stepWrites)
  indexPost(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Params,
    @Body() body: Params | undefined,
  ) {
    return this.dispatch(str(query.title) ?? str(body?.title), req, reply, { ...query, ...body });
  }

  // `::` is find-my-way's escaped colon: the path is literally /wiki/Special:OAuth/<step>.
  @Get('wiki/Special::OAuth/:step')
  @WritesWhen(stepWrites)
  wikiGet(@Param('step') step: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Params) {
    return this.dispatch(`Special:OAuth/${step}`, req, reply, query);
  }

  @Post('wiki/Special::OAuth/:step')
  @WritesWhen(stepWrites)
  wikiPost(
    @Param('step') step: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: Params,
    @Body() body: Params | undefined,
  ) {
    return this.dispatch(`Special:OAuth/${step}`, req, reply, { ...query, ...body });
  }

  private dispatch(title: string | undefined, req: FastifyRequest, reply: FastifyReply, params: Params): Promise<void> {
    const special = parseSpecialTitle(title ?? '');
    const subpage = special?.page === 'OAuth' ? special.subpage : null;
    const step = subpage !== null && STEP.test(subpage) ? subpage.toLowerCase() : undefined;
    const action = '/w/index.php?title=Special:OAuth/authorize';
    switch (step) {
      case 'initiate':
        return this.endpoints.initiate(req, reply);
      case 'token':
        return this.endpoints.token(req, reply);
      case 'identify':
        return this.endpoints.identify(req, reply);
      case 'verified':
        return this.endpoints.verified(req, reply, params);
      case 'authorize':
      case 'authenticate':
        if (req.method === 'POST' && params.decision !== undefined)
          return this.endpoints.authorizeDecision(req, reply, params);
        return this.endpoints.authorizePage(req, reply, params, step === 'authenticate', action);
      default:
        if (req.method !== 'POST') {
          const page = mediaWikiPageTarget(title ?? '', params);
          if (page?.location) return redirectTo(reply, page.location);
          if (page) throw AppError.notFound('No such page.');
        }
        // E002 (docs/mediawiki-compatibility.md#errors): an unknown Special:OAuth subpage (or no
        // MediaWiki page at all here).
        throw new OAuth1ProtocolError(
          'mwoauth-bad-request-invalid-action',
          'Unknown or missing Special:OAuth action. (E002)',
          400,
        );
    }
  }
}

/** A MediaWiki page's address: to its Consentry page, a path on this site from a fixed table. */
async function redirectTo(reply: FastifyReply, location: string): Promise<void> {
  await reply.code(PAGE_REDIRECT_STATUS).redirect(location);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
