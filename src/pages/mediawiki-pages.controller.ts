import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../principal/route-rules.decorators';
import { AppError } from '../common/errors/app-error';
import { mediaWikiPageTarget, PAGE_REDIRECT_STATUS } from '../protocol/mediawiki-pages';

/**
 * MediaWiki's addresses of the extension's pages for people, `/wiki/Special:OAuthListConsumers/…`
 * and the others (docs/mediawiki-compatibility.md#addresses), lead to Consentry's pages. Public:
 * each target asks for a login itself. `/w/index.php?title=…` shares its route with the OAuth 1.0a
 * steps, so MediaWikiOAuth1Controller answers that spelling, from the same table.
 */
@ApiExcludeController()
@Public()
@Controller('wiki')
export class MediaWikiPagesController {
  // Every path under /wiki/, since MediaWiki reads special page names case-insensitively, which no
  // static route can. The router decodes the path (`%2F` included, as MediaWiki does); the more
  // specific /wiki/Special:OAuth/<step> routes of the OAuth 1.0a controller still win.
  @Get('*')
  async page(
    @Param('*') title: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const target = mediaWikiPageTarget(title, query);
    if (!target?.location) throw AppError.notFound('No such page.');
    await reply.code(PAGE_REDIRECT_STATUS).redirect(target.location);
  }
}
