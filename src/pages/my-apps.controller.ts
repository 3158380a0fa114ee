import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../principal/route-rules.decorators';
import { AuthorizationQueries } from '../authorizations/authorization-queries.service';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AuthorizationResponse } from '../authorizations/dto/authorization.response';
import { AppError } from '../common/errors/app-error';
import { GrantCatalog } from '../catalog/grant-catalog';
import { UserIdPipe } from '../users/user-id.pipe';
import { CsrfGuard } from '../web/csrf.guard';
import { grantsInWords } from '../web/grant-descriptions';
import { PagesService } from '../web/pages.service';
import { list } from './form-values';
import { PageNotices } from './page-notices';

/**
 * "My authorized apps" (MediaWiki's ManageMyGrants:
 * docs/mediawiki-compatibility.md#authorizations): list, details, narrow, revoke (confirmed first).
 * Grants read as on the consent page, with the same words and risks.
 */
@ApiExcludeController()
@Controller('me/apps')
export class MyAppsController {
  constructor(
    private readonly pages: PagesService,
    private readonly queries: AuthorizationQueries,
    private readonly authorizations: AuthorizationsService,
    private readonly grants: GrantCatalog,
    private readonly notices: PageNotices,
  ) {}

  @Get()
  @Authenticated({ rights: ['mwoauthmanagemygrants'], redirectToLogin: true })
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const notice = await this.notices.shown(req);
    const items = (await this.queries.mine(req.principal!)).map((app) => ({
      ...app,
      words: grantsInWords(this.grants, app.grants),
    }));
    await this.pages.render(req, reply, 'my-apps.hbs', { titleKey: 'myapps-title', items, notice });
  }

  @Get(':id')
  @Authenticated({ rights: ['mwoauthmanagemygrants'], redirectToLogin: true })
  async detail(
    @Param('id', UserIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const app = await this.mine(id, req);
    const words = grantsInWords(this.grants, app.grants);
    const grants = words.grants.map((g) => ({ ...g, irrevocable: app.irrevocableGrants.includes(g.name) }));
    await this.pages.render(req, reply, 'my-app.hbs', { titleKey: 'myapps-title', app, words, grants });
  }

  @Post(':id/narrow')
  @Authenticated({ rights: ['mwoauthmanagemygrants'] })
  @UseGuards(CsrfGuard)
  async narrow(
    @Param('id', UserIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    await this.authorizations.narrow(id, req.principal!.user.id, list(body.grants));
    await reply.code(303).redirect(`/me/apps/${id}`);
  }

  /** Revoking cannot be undone (the app must be authorized again), so it is confirmed on a page of its own. */
  @Get(':id/revoke')
  @Authenticated({ rights: ['mwoauthmanagemygrants'], redirectToLogin: true })
  async confirmRevoke(
    @Param('id', UserIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const app = await this.mine(id, req);
    await this.pages.render(req, reply, 'my-app-revoke.hbs', { titleKey: 'myapps-title', app });
  }

  @Post(':id/revoke')
  @Authenticated({ rights: ['mwoauthmanagemygrants'] })
  @UseGuards(CsrfGuard)
  async revoke(
    @Param('id', UserIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The name for the notice; the revocation itself also covers an app suppressed since (not listed).
    const app = await this.queries.one(id, req.principal!);
    await this.authorizations.revoke(id, req.principal!.user.id);
    const notice = await this.notices.put(
      req.principal!.user.id,
      app ? { keys: ['ma-revoked'], params: { name: app.consumer.name } } : { keys: ['myapps-revoked'] },
    );
    await reply.code(303).redirect(`/me/apps?notice=${notice}`);
  }

  private async mine(id: number, req: FastifyRequest): Promise<AuthorizationResponse> {
    const app = await this.queries.one(id, req.principal!);
    if (!app) throw AppError.notFound('No such authorization.');
    return app;
  }
}
