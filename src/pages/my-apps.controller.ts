import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../principal/route-rules.decorators';
import { AuthorizationQueries } from '../authorizations/authorization-queries.service';
import { AuthorizationsService } from '../authorizations/authorizations.service';
import { AppError } from '../common/errors/app-error';
import { GrantCatalog } from '../catalog/grant-catalog';
import { UserIdPipe } from '../users/user-id.pipe';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { list } from './form-values';

/**
 * "My authorized apps" (MediaWiki's ManageMyGrants:
 * docs/mediawiki-compatibility.md#authorizations): list, details, narrow, revoke.
 */
@ApiExcludeController()
@Controller('me/apps')
export class MyAppsController {
  constructor(
    private readonly pages: PagesService,
    private readonly queries: AuthorizationQueries,
    private readonly authorizations: AuthorizationsService,
    private readonly grants: GrantCatalog,
  ) {}

  @Get()
  @Authenticated({ rights: ['mwoauthmanagemygrants'], redirectToLogin: true })
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const items = await this.queries.mine(req.principal!);
    await this.pages.render(req, reply, 'my-apps.hbs', { titleKey: 'myapps-title', items });
  }

  @Get(':id')
  @Authenticated({ rights: ['mwoauthmanagemygrants'], redirectToLogin: true })
  async detail(
    @Param('id', UserIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const app = await this.queries.one(id, req.principal!);
    if (!app) throw AppError.notFound('No such authorization.');
    const grants = app.grants.map((name) => ({
      name,
      description: this.grants.describe(name)?.description ?? name,
      irrevocable: app.irrevocableGrants.includes(name),
    }));
    await this.pages.render(req, reply, 'my-app.hbs', { titleKey: 'myapps-title', app, grants });
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

  @Post(':id/revoke')
  @Authenticated({ rights: ['mwoauthmanagemygrants'] })
  @UseGuards(CsrfGuard)
  async revoke(
    @Param('id', UserIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.authorizations.revoke(id, req.principal!.user.id);
    await this.pages.render(req, reply, 'message.hbs', { titleKey: 'myapps-title', messageKey: 'myapps-revoked' });
  }
}
