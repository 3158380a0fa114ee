import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated, Public } from '../principal/route-rules.decorators';
import { AppConfig } from '../common/config/app-config.service';
import { AppError, ErrorDetail } from '../common/errors/app-error';
import { formProblems } from '../common/errors/form-problems';
import { ConsumerApi } from '../registration/consumer-api.service';
import { Consumer } from '../consumers/consumer.entity';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerQueries } from '../consumers/consumer-queries.service';
import { ConsumerValidator } from '../consumers/consumer-validator';
import { ConsumerOwnerService } from '../registration/consumer-owner.service';
import { ConsumerProposalService } from '../registration/consumer-proposal.service';
import { ConsumerVisibility, hasRight } from '../consumers/consumer-visibility';
import { ProposeConsumerDto } from '../consumers/dto/propose-consumer.dto';
import { OAUTH2_GRANT_TYPES } from '../consumers/validation/grant-types';
import { ConsumerStage } from '../access/consumer-stage';
import { validateForm } from '../common/http/forms';
import { GrantCatalog } from '../catalog/grant-catalog';
import { UsersService } from '../users/users.service';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { checked, lines, list, text } from './form-values';
import { OneTimeSecret, OneTimeSecrets } from './one-time-secrets';
import { pageNumberOf } from './page-query';
import { pager } from './pager';

type Form = Record<string, unknown>;

const PAGE_SIZE = 20;
const STAGES = ['approved', 'proposed', 'rejected', 'expired', 'disabled', 'configuration-based', 'any'];
/** Owners change only proposed or approved consumers (ConsumerOwnerService). */
const CHANGEABLE = new Set([ConsumerStage.Proposed, ConsumerStage.Approved]);

/** The consumer registry for people (docs/mediawiki-compatibility.md#addresses): list, view, propose, update, reset. */
@ApiExcludeController()
@Controller('consumers')
export class ConsumerPagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly config: AppConfig,
    private readonly api: ConsumerApi,
    private readonly lookup: ConsumerLookup,
    private readonly queries: ConsumerQueries,
    private readonly mapper: ConsumerMapper,
    private readonly visibility: ConsumerVisibility,
    private readonly validator: ConsumerValidator,
    private readonly proposals: ConsumerProposalService,
    private readonly owners: ConsumerOwnerService,
    private readonly grants: GrantCatalog,
    private readonly users: UsersService,
    private readonly oneTime: OneTimeSecrets,
  ) {}

  @Get()
  @Public()
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Form): Promise<void> {
    const filters = {
      q: searchText(query.q),
      name: text(query.name) || undefined,
      owner: text(query.owner) || undefined,
      stage: text(query.stage) || 'approved',
    };
    const owner = filters.owner === undefined ? undefined : await this.users.findByUsername(filters.owner);
    const found =
      owner === null
        ? { items: [], total: 0 }
        : await this.queries.search(
            { q: filters.q, name: filters.name, ownerId: owner?.id, stage: filters.stage, ...this.window(query) },
            req.principal,
          );
    await this.renderList(req, reply, 'consumers-list.hbs', '/consumers', query, filters, found, {
      titleKey: 'consumers-title',
      stages: STAGES,
    });
  }

  @Get('mine')
  @Authenticated({ redirectToLogin: true })
  async mine(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() query: Form): Promise<void> {
    const filters = { q: searchText(query.q) };
    const found = await this.queries.search(
      { q: filters.q, ownerId: req.principal!.user.id, stage: 'any', ...this.window(query) },
      req.principal,
    );
    await this.renderList(req, reply, 'consumers-mine.hbs', '/consumers/mine', query, filters, found, {
      titleKey: 'mine-title',
    });
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
    const again = (errors: ErrorDetail[], status = 400) =>
      this.renderProposal(
        req,
        reply,
        oauthVersion,
        { ...raw, restrictions: text(body.restrictions) ?? '' },
        errors,
        status,
      );
    if (!form.ok) return again(this.everyProblem(raw, form.errors));
    let result: OneTimeSecret & { consumer: Consumer };
    try {
      const { consumer, secret, credentials } = await this.proposals.propose(form.value, req.principal!);
      result = { kind: 'created', consumer, secret, credentials };
    } catch (error) {
      const { status, errors } = formProblems(error);
      return again(errors, status);
    }
    await this.showOnce(req, reply, result);
  }

  /** The one-time page (docs/consumers.md#the-secret-page): the secret on the first view, then "gone". */
  @Get(':key/created')
  @Authenticated({ redirectToLogin: true })
  async created(@Param('key') key: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    const shown = await this.oneTime.take(req, consumer.consumerKey);
    if (shown) return this.renderSecret(req, reply, consumer, shown);
    await this.pages.render(
      req,
      reply,
      'consumer-created.hbs',
      {
        titleKey: 'cp-secret-gone-title',
        gone: true,
        consumer: this.mapper.toResponse(consumer, req.principal),
        canReset: this.canChange(consumer, req) && hasRight(req.principal, 'mwoauthupdateownconsumer'),
      },
      410,
    );
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
      const typed = { restrictions: text(body.restrictions), rsaKey: text(body.rsaKey), reason: text(body.reason) };
      await this.renderView(req, reply, key, errors, status, typed);
    }
  }

  /** Resetting is destructive (the old secret stops working): a page of its own asks first. */
  @Get(':key/reset-secret')
  @Authenticated({ rights: ['mwoauthupdateownconsumer'], redirectToLogin: true })
  async resetForm(@Param('key') key: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    if (!this.visibility.isOwner(consumer, req.principal))
      throw new AppError(403, 'not_owner', 'Only the owner can change this consumer.');
    await this.renderReset(req, reply, consumer, {});
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
    let result: OneTimeSecret & { consumer: Consumer };
    try {
      const revision = Number(text(body.revision));
      const { consumer, secret, credentials } = await this.owners.resetSecret(
        key,
        text(body.reason),
        req.principal!,
        revision,
      );
      result = { kind: 'reset', consumer, secret, credentials };
    } catch (error) {
      const { status, errors } = formProblems(error, { pageGone: true });
      const consumer = await this.lookup.getVisible(key, req.principal);
      return this.renderReset(req, reply, consumer, { reason: text(body.reason) }, errors, status);
    }
    await this.showOnce(req, reply, result);
  }

  /**
   * POST, 303, GET (RFC 9110 §15.4.4): the secret waits server-side for the one-time page, so a
   * reload neither proposes again nor shows the secret again. Without a login session to bind it
   * to, the answer shows it at once.
   */
  private async showOnce(
    req: FastifyRequest,
    reply: FastifyReply,
    { consumer, ...shown }: OneTimeSecret & { consumer: Consumer },
  ): Promise<void> {
    const value: OneTimeSecret = { kind: shown.kind, secret: shown.secret };
    if (shown.credentials)
      value.credentials = {
        accessToken: shown.credentials.accessToken,
        ...(shown.credentials.accessSecret ? { accessSecret: shown.credentials.accessSecret } : {}),
      };
    if (await this.oneTime.keep(req, consumer.consumerKey, value))
      return reply.code(303).redirect(`/consumers/${consumer.consumerKey}/created`);
    await this.renderSecret(req, reply, consumer, value, shown.kind === 'created' ? 201 : 200);
  }

  private async renderSecret(
    req: FastifyRequest,
    reply: FastifyReply,
    consumer: Consumer,
    shown: OneTimeSecret,
    status = 200,
  ): Promise<void> {
    await this.pages.render(
      req,
      reply,
      'consumer-created.hbs',
      {
        titleKey: shown.kind === 'reset' ? 'cp-reset-done-title' : 'created-title',
        isReset: shown.kind === 'reset',
        consumer: this.mapper.toResponse(consumer, req.principal),
        secret: shown.secret,
        credentials: shown.credentials,
      },
      status,
    );
  }

  private async renderReset(
    req: FastifyRequest,
    reply: FastifyReply,
    consumer: Consumer,
    fields: Record<string, unknown>,
    errors?: ErrorDetail[],
    status = 200,
  ): Promise<void> {
    await this.pages.render(
      req,
      reply,
      'consumer-reset.hbs',
      {
        titleKey: 'cp-reset-confirm-page',
        consumer: this.mapper.toResponse(consumer, req.principal),
        revision: consumer.revision,
        fields,
        errors,
      },
      status,
    );
  }

  private async renderView(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    errors?: unknown[],
    status = 200,
    typed?: Record<string, string | undefined>,
  ): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    const log = await this.api.logOf(consumer, { limit: 20 }, req.principal);
    const isOwner = this.visibility.isOwner(consumer, req.principal);
    const response = this.mapper.toResponse(consumer, req.principal);
    await this.pages.render(
      req,
      reply,
      'consumer-view.hbs',
      {
        titleKey: 'cp-view-title',
        title: consumer.name,
        consumer: response,
        log: log.items,
        isOwner,
        canChange: this.canChange(consumer, req),
        revision: consumer.revision,
        errors,
        // A failed update shows what was typed, not the stored values (docs/consumers.md#forms).
        fields: {
          restrictions: typed?.restrictions ?? consumer.restrictions.join('\n'),
          rsaKey: typed?.rsaKey ?? response.rsaKey ?? '',
          reason: typed?.reason ?? '',
        },
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
    errors?: ErrorDetail[],
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
        emailNeeded: this.emailNeeded(req),
        fields,
        grants,
        types,
        errors,
        hasWarnings: errors?.some((e) => e.code?.startsWith('mwoauth-error-callback')) ?? false,
      },
      status,
    );
  }

  /**
   * Proposing needs an address, confirmed when REQUIRE_CONFIRMED_EMAIL is set (as
   * ConsumerProposalService checks): the page says so before the form rather than after it.
   */
  private emailNeeded(req: FastifyRequest): { hasEmail: boolean } | undefined {
    const user = req.principal?.user;
    if (!user) return undefined;
    if (!user.email) return { hasEmail: false };
    return this.config.consumers.requireConfirmedEmail && !user.emailVerified ? { hasEmail: true } : undefined;
  }

  /**
   * A form that fails the DTO is also checked against the proposal's rules, so the page lists
   * every problem at once (docs/consumers.md#forms); a field the DTO refused is not named twice.
   */
  private everyProblem(raw: ProposeConsumerDto, typeErrors: ErrorDetail[]): ErrorDetail[] {
    const refused = new Set(typeErrors.map((e) => e.field.replace(/[.[].*$/, '')));
    const { outcome } = this.validator.validateProposal(raw);
    const rules = [...outcome.errors, ...outcome.warnings]
      .filter((p) => !refused.has(p.field))
      .map(({ field, key, message }) => ({ field, message, code: key }));
    return [...typeErrors, ...rules];
  }

  private canChange(consumer: Consumer, req: FastifyRequest): boolean {
    return this.visibility.isOwner(consumer, req.principal) && CHANGEABLE.has(consumer.stage);
  }

  private window(query: Form): { limit: number; offset: number } {
    return { limit: PAGE_SIZE, offset: (pageNumberOf(query.page) - 1) * PAGE_SIZE };
  }

  private async renderList(
    req: FastifyRequest,
    reply: FastifyReply,
    template: string,
    path: string,
    query: Form,
    filters: Record<string, string | undefined>,
    found: { items: Consumer[]; total: number },
    context: Record<string, unknown>,
  ): Promise<void> {
    const href = (n: number) => {
      const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
      if (n > 1) params.set('page', String(n));
      return params.size > 0 ? `${path}?${params.toString()}` : path;
    };
    await this.pages.render(req, reply, template, {
      ...context,
      filters,
      total: found.total,
      items: found.items.map((c) => this.mapper.toResponse(c, req.principal)),
      pager: pager(pageNumberOf(query.page), found.total, PAGE_SIZE, href),
    });
  }
}

/** The search box: trimmed; longer than any name or key it searches is a bad request. */
function searchText(value: unknown): string | undefined {
  const q = text(value)?.trim();
  if (q !== undefined && q.length > 128)
    throw AppError.badRequest('The search is too long.', [{ field: 'q', message: 'must be at most 128 characters' }]);
  return q || undefined;
}

function versionOf(segment: string): 1 | 2 {
  if (segment === 'oauth1' || segment === 'oauth1a') return 1;
  if (segment === 'oauth2') return 2;
  throw AppError.notFound('Choose oauth1 or oauth2.');
}
