import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../principal/route-rules.decorators';
import { AppError } from '../common/errors/app-error';
import { formProblems } from '../common/errors/form-problems';
import { ConsumerApi } from '../registration/consumer-api.service';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerReviewService } from '../consumers/consumer-review.service';
import { LIST_STAGES, STAGE_NAMES } from '../access/consumer-stage';
import { GrantCatalog } from '../catalog/grant-catalog';
import { hasRight } from '../consumers/consumer-visibility';
import { REVIEW_ACTIONS, ReviewAction } from '../consumers/dto/review-consumer.dto';
import { CsrfGuard } from '../web/csrf.guard';
import { grantsInWords } from '../web/grant-descriptions';
import { PagesService } from '../web/pages.service';
import { checked, text } from './form-values';
import { PageNotices } from './page-notices';
import { pager } from './pager';
import { REVIEW_PAGE_SIZE, ReviewQueue } from './review-queue';
import { PAGE_NUMBER } from './page-query';

/**
 * What a reviewer may do on the review form from each stage (docs/mediawiki-compatibility.md#stages).
 * Disabling has a confirmation page of its own (`:key/disable`): it stops every user's access.
 */
const ACTIONS_BY_STAGE: Record<string, ReviewAction[]> = {
  proposed: ['approve', 'reject'],
  rejected: ['approve'],
  expired: ['approve'],
  approved: [],
  disabled: ['reenable'],
};

/** Longest search text: a name is at most 128 characters, a username 85. */
const MAX_SEARCH = 128;

/** Reviewing consumers (docs/mediawiki-compatibility.md#stages), for holders of mwoauthmanageconsumer. */
@ApiExcludeController()
@Controller('manage/consumers')
export class ManagePagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly api: ConsumerApi,
    private readonly lookup: ConsumerLookup,
    private readonly mapper: ConsumerMapper,
    private readonly reviews: ConsumerReviewService,
    private readonly queue: ReviewQueue,
    private readonly notices: PageNotices,
    private readonly catalog: GrantCatalog,
  ) {}

  @Get()
  @Authenticated({ rights: ['mwoauthmanageconsumer'], redirectToLogin: true })
  async hub(
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stage = query.stage === undefined ? 'proposed' : one(query.stage, 'stage');
    if (!LIST_STAGES.includes(stage)) {
      throw AppError.badRequest('No such stage.', [{ field: 'stage', message: `one of: ${LIST_STAGES.join(', ')}` }]);
    }
    await this.renderHub(req, reply, stage, query);
  }

  /** MediaWiki's Special:OAuthManageConsumers/<stage> lands here (docs/mediawiki-compatibility.md#pages). */
  @Get('stage/:stage')
  @Authenticated({ rights: ['mwoauthmanageconsumer'], redirectToLogin: true })
  async stage(
    @Param('stage') stage: string,
    @Query() query: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!Object.values(STAGE_NAMES).includes(stage)) throw AppError.notFound('No such stage.');
    await this.renderHub(req, reply, stage, query);
  }

  /** The review hub: the queues and lists with their counts; one stage's consumers, searched and paged. */
  private async renderHub(
    req: FastifyRequest,
    reply: FastifyReply,
    stage: string,
    query: Record<string, unknown>,
  ): Promise<void> {
    const q = query.q === undefined ? '' : one(query.q, 'q').trim();
    if (q.length > MAX_SEARCH) {
      throw AppError.badRequest('The search text is too long.', [{ field: 'q', message: `at most ${MAX_SEARCH}` }]);
    }
    const page = query.page === undefined ? 1 : pageNumber(one(query.page, 'page'));
    const { counts } = await this.api.stats(req.principal!);
    const found = await this.queue.page(req.principal!, { q: q || undefined, stage, page });
    const href = (n: number) => `/manage/consumers?${new URLSearchParams({ stage, q, page: String(n) }).toString()}`;
    const pages = pager(page, found.total, REVIEW_PAGE_SIZE, href);
    const queues = ['proposed', 'rejected', 'expired'].map((name) => ({ name, count: counts[name] }));
    const lists = ['approved', 'disabled', 'configuration-based'].map((name) => ({ name, count: counts[name] }));
    await this.pages.render(req, reply, 'manage-hub.hbs', {
      titleKey: 'manage-title',
      queues,
      lists,
      stages: LIST_STAGES.map((name) => ({ name, selected: name === stage })),
      items: found.items,
      total: found.total,
      current: stage,
      oldestFirst: stage === 'proposed',
      q,
      page,
      pager: pages,
      paged: pages.count > 1,
    });
  }

  @Get(':key')
  @Authenticated({ rights: ['mwoauthmanageconsumer'], redirectToLogin: true })
  async reviewPage(@Param('key') key: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const notice = await this.notices.shown(req);
    const next = notice === undefined ? undefined : await this.queue.next(req.principal!, key);
    await this.render(req, reply, key, { notice, next, decided: notice !== undefined });
  }

  @Post(':key')
  @Authenticated({ rights: ['mwoauthmanageconsumer'] })
  @UseGuards(CsrfGuard)
  async decide(
    @Param('key') key: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    const action = text(body.action) as ReviewAction;
    try {
      // Disabling is confirmed on its own page (POST :key/disable), never from this form.
      if (!REVIEW_ACTIONS.includes(action) || action === 'disable')
        throw AppError.badRequest('Choose a decision.', [{ field: 'action', message: 'is required' }]);
      await this.record(req, reply, key, action, body);
    } catch (error) {
      const { status, errors } = formProblems(error, { pageGone: true });
      await this.render(req, reply, key, { errors }, status);
    }
  }

  @Get(':key/disable')
  @Authenticated({ rights: ['mwoauthmanageconsumer'], redirectToLogin: true })
  async disablePage(@Param('key') key: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderDisable(req, reply, key);
  }

  @Post(':key/disable')
  @Authenticated({ rights: ['mwoauthmanageconsumer'] })
  @UseGuards(CsrfGuard)
  async disable(
    @Param('key') key: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    try {
      await this.record(req, reply, key, 'disable', body);
    } catch (error) {
      const { status, errors } = formProblems(error, { pageGone: true });
      await this.renderDisable(req, reply, key, errors, status);
    }
  }

  /** One decision through the review service (which decides whether a reason is needed), then POST-303-GET. */
  private async record(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    action: ReviewAction,
    body: Record<string, unknown>,
  ): Promise<void> {
    const { consumer, ownerMailed } = await this.reviews.decide(
      key,
      { action, reason: text(body.reason) ?? '', suppress: checked(body.suppress) },
      req.principal!,
      Number(text(body.revision)),
    );
    // An owner deciding on their own app (ALLOW_SELF_REVIEW) is not mailed about it: say so, not "not told".
    const mail =
      consumer.ownerId === req.principal!.user.id
        ? 'rv-done-own'
        : ownerMailed
          ? 'rv-done-mailed'
          : 'rv-done-not-mailed';
    const id = await this.notices.put(req.principal!.user.id, { keys: [`rv-done-${action}`, mail] });
    await reply.code(303).redirect(`/manage/consumers/${key}?notice=${id}`);
  }

  private async render(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    extra: { errors?: unknown[]; notice?: string; next?: unknown; decided?: boolean },
    status = 200,
  ): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    const shown = this.mapper.toResponse(consumer, req.principal);
    const log = await this.api.logOf(consumer, { limit: 50 }, req.principal);
    const actions = (ACTIONS_BY_STAGE[shown.stageName] ?? []).map((name) => ({
      name,
      labelKey: `manage-action-${name}`,
    }));
    const canSuppress = hasRight(req.principal, 'mwoauthsuppress');
    await this.pages.render(
      req,
      reply,
      'manage-review.hbs',
      {
        titleKey: 'manage-review-title',
        consumer: shown,
        words: grantsInWords(this.catalog, consumer.grants),
        others: await this.queue.ownerOthers(consumer, req.principal!),
        log: log.items,
        actions,
        revision: consumer.revision,
        canSuppress: canSuppress && actions.some((a) => a.name === 'reject'),
        canDisable: shown.stageName === 'approved' || (shown.stageName === 'disabled' && canSuppress),
        configurationBased: shown.stageName === 'configuration-based',
        ...extra,
      },
      status,
    );
  }

  private async renderDisable(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    errors?: unknown[],
    status = 200,
  ): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    const shown = this.mapper.toResponse(consumer, req.principal);
    await this.pages.render(
      req,
      reply,
      'manage-disable.hbs',
      {
        titleKey: 'manage-review-title',
        consumer: shown,
        revision: consumer.revision,
        canSuppress: hasRight(req.principal, 'mwoauthsuppress'),
        errors,
      },
      status,
    );
  }
}

/** A query parameter given once: a repeated one (`?q=a&q=b`) is refused rather than guessed at. */
function one(value: unknown, field: string): string {
  if (typeof value !== 'string') throw AppError.badRequest(`Give ${field} once.`, [{ field, message: 'repeated' }]);
  return value;
}

function pageNumber(value: string): number {
  if (!PAGE_NUMBER.test(value)) {
    throw AppError.badRequest('No such page.', [{ field: 'page', message: 'must be a page number' }]);
  }
  return Number(value);
}
