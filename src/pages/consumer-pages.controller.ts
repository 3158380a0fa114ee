import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../principal/route-rules.decorators';
import { AppError } from '../common/errors/app-error';
import { formProblems } from '../common/errors/form-problems';
import { ConsumerApi } from '../registration/consumer-api.service';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerOwnerService } from '../registration/consumer-owner.service';
import { ConsumerProposalService } from '../registration/consumer-proposal.service';
import { ConsumerVisibility, hasRight } from '../consumers/consumer-visibility';
import { ProposeConsumerDto } from '../consumers/dto/propose-consumer.dto';
import { OAUTH2_GRANT_TYPES } from '../consumers/validation/grant-types';
import { validateForm } from '../common/http/forms';
import { GrantCatalog } from '../catalog/grant-catalog';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { checked, lines, list, text } from './form-values';

type Form = Record<string, unknown>;

/** The consumer registry for people (docs/mediawiki-compatibility.md#addresses): list, view, propose, update, reset. */
@ApiExcludeController()
@Controller('consumers')
export class ConsumerPagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly api: ConsumerApi,
    private readonly lookup: ConsumerLookup,
    private readonly mapper: ConsumerMapper,
    private readonly visibility: ConsumerVisibility,
    private readonly proposals: ConsumerProposalService,
    private readonly owners: ConsumerOwnerService,
    private readonly grants: GrantCatalog,
  ) {}

  @Get()
  @Public()
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Form): Promise<void> {
    const filters = {
      name: text(query.name) || undefined,
      owner: text(query.owner) || undefined,
      stage: text(query.stage) || 'approved',
      cursor: text(query.cursor) || undefined,
    };
    const page = await this.api.list({ ...filters, limit: 20 }, req.principal);
    await this.pages.render(req, reply, 'consumers-list.hbs', {
      titleKey: 'consumers-title',
      filters,
      items: page.items,
      nextCursor: page.nextCursor,
      stages: ['approved', 'proposed', 'rejected', 'expired', 'disabled', 'configuration-based', 'any'],
    });
  }

  @Get('mine')
  @Authenticated({ redirectToLogin: true })
  async mine(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const page = await this.api.mine({ limit: 100 }, req.principal!);
    await this.pages.render(req, reply, 'consumers-mine.hbs', { titleKey: 'mine-title', items: page.items });
  }

  @Get('propose/:version')
  @Authenticated({ rights: ['mwoauthproposeconsumer'], redirectToLogin: true })
  async proposeForm(
    @Param('version') version: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderProposal(req, reply, versionOf(version), {
      version: '1.0',
      grants: [],
      oauth2IsConfidential: true,
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
    });
  }

  @Get(':key/copy')
  @Authenticated({ rights: ['mwoauthproposeconsumer'], redirectToLogin: true })
  async copy(@Param('key') key: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    if (!this.visibility.isOwner(consumer, req.principal))
      throw AppError.forbidden('You can only copy your own applications.');
    const hidden = new Set(this.grants.hiddenGrants);
    await this.renderProposal(req, reply, consumer.oauthVersion, {
      name: consumer.name,
      version: '',
      description: consumer.description,
      ownerOnly: consumer.ownerOnly,
      callbackUrl: consumer.callbackUrl,
      callbackIsPrefix: consumer.callbackIsPrefix,
      grants: consumer.grants.filter((g) => !hidden.has(g)),
      oauth2IsConfidential: consumer.oauth2IsConfidential,
      oauth2GrantTypes: consumer.oauth2GrantTypes ?? [],
      restrictions: consumer.restrictions.join('\n'),
      rsaKey: consumer.rsaKey ?? '',
    });
  }

  @Post('propose/:version')
  @Authenticated({ rights: ['mwoauthproposeconsumer'] })
  @UseGuards(CsrfGuard)
  async propose(
    @Param('version') version: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ): Promise<void> {
    const oauthVersion = versionOf(version);
    const ownerOnly = checked(body.ownerOnly);
    const raw = {
      oauthVersion,
      name: text(body.name) ?? '',
      version: text(body.version) || undefined,
      description: text(body.description) ?? '',
      ownerOnly,
      callbackUrl: ownerOnly ? undefined : text(body.callbackUrl) || undefined,
      callbackIsPrefix: oauthVersion === 1 ? checked(body.callbackIsPrefix) : undefined,
      grants: list(body.grants),
      restrictions: lines(body.restrictions),
      rsaKey: oauthVersion === 1 ? text(body.rsaKey) || undefined : undefined,
      agreement: checked(body.agreement),
      ignoreWarnings: checked(body.ignoreWarnings),
      oauth2IsConfidential: oauthVersion === 2 ? checked(body.oauth2IsConfidential) : undefined,
      oauth2GrantTypes: oauthVersion === 2 && !ownerOnly ? list(body.oauth2GrantTypes) : undefined,
    };
    const form = validateForm(ProposeConsumerDto, raw);
    const again = (errors: { field: string; message: string; code?: string }[], status = 400) =>
      this.renderProposal(
        req,
        reply,
        oauthVersion,
        { ...raw, restrictions: text(body.restrictions) ?? '' },
        errors,
        status,
      );
    if (!form.ok) return again(form.errors);
    try {
      const { consumer, secret, credentials } = await this.proposals.propose(form.value, req.principal!);
      await this.pages.render(
        req,
        reply,
        'consumer-created.hbs',
        { titleKey: 'created-title', consumer: this.mapper.toResponse(consumer, req.principal), secret, credentials },
        201,
      );
    } catch (error) {
      const { status, errors } = formProblems(error);
      return again(errors, status);
    }
  }

  @Get(':key')
  @Public()
  async view(@Param('key') key: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderView(req, reply, key);
  }

  @Post(':key/update')
  @Authenticated({ rights: ['mwoauthupdateownconsumer'] })
  @UseGuards(CsrfGuard)
  async update(
    @Param('key') key: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ): Promise<void> {
    try {
      await this.owners.update(
        key,
        {
          restrictions: lines(body.restrictions) ?? ['0.0.0.0/0', '::/0'],
          rsaKey: text(body.rsaKey),
          reason: text(body.reason) ?? '',
        },
        req.principal!,
        Number(text(body.revision)),
      );
      await reply.code(303).redirect(`/consumers/${key}`);
    } catch (error) {
      const { status, errors } = formProblems(error, { pageGone: true });
      await this.renderView(req, reply, key, errors, status);
    }
  }

  @Post(':key/reset-secret')
  @Authenticated({ rights: ['mwoauthupdateownconsumer'] })
  @UseGuards(CsrfGuard)
  async reset(
    @Param('key') key: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Form,
  ): Promise<void> {
    const { consumer, secret, credentials } = await this.owners.resetSecret(
      key,
      text(body.reason),
      req.principal!,
      Number(text(body.revision)),
    );
    await this.pages.render(req, reply, 'consumer-created.hbs', {
      titleKey: 'created-title',
      consumer: this.mapper.toResponse(consumer, req.principal),
      secret,
      credentials,
    });
  }

  private async renderView(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    errors?: unknown[],
    status = 200,
  ): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    const log = await this.api.logOf(consumer, { limit: 20 }, req.principal);
    const isOwner = this.visibility.isOwner(consumer, req.principal);
    await this.pages.render(
      req,
      reply,
      'consumer-view.hbs',
      {
        consumer: this.mapper.toResponse(consumer, req.principal),
        log: log.items,
        isOwner,
        revision: consumer.revision,
        errors,
        restrictionsText: consumer.restrictions.join('\n'),
        canReview: hasRight(req.principal, 'mwoauthmanageconsumer'),
      },
      status,
    );
  }

  private async renderProposal(
    req: FastifyRequest,
    reply: FastifyReply,
    oauthVersion: 1 | 2,
    fields: Record<string, unknown>,
    errors?: unknown[],
    status = 200,
  ): Promise<void> {
    const grants = this.grants
      .list()
      .filter((g) => !g.hidden)
      .map((g) => ({ ...g, checked: (fields.grants as string[] | undefined)?.includes(g.name) ?? false }));
    const types = OAUTH2_GRANT_TYPES.map((name) => ({
      name,
      checked: (fields.oauth2GrantTypes as string[] | undefined)?.includes(name) ?? false,
    }));
    await this.pages.render(
      req,
      reply,
      'consumer-propose.hbs',
      {
        titleKey: oauthVersion === 1 ? 'propose-title-oauth1' : 'propose-title-oauth2',
        oauthVersion,
        isV1: oauthVersion === 1,
        action: `/consumers/propose/oauth${oauthVersion === 1 ? '1a' : '2'}`,
        fields,
        grants,
        types,
        errors,
        hasWarnings:
          (errors as { code?: string }[] | undefined)?.some((e) => e.code?.startsWith('mwoauth-error-callback')) ??
          false,
      },
      status,
    );
  }
}

function versionOf(segment: string): 1 | 2 {
  if (segment === 'oauth1' || segment === 'oauth1a') return 1;
  if (segment === 'oauth2') return 2;
  throw AppError.notFound('Choose oauth1 or oauth2.');
}
