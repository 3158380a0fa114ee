import { Body, Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '../principal/route-rules.decorators';
import { AppError } from '../common/errors/app-error';
import { formProblems } from '../common/errors/form-problems';
import { ConsumerApi } from '../registration/consumer-api.service';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerReviewService } from '../consumers/consumer-review.service';
import { STAGE_NAMES } from '../access/consumer-stage';
import { hasRight } from '../consumers/consumer-visibility';
import { REVIEW_ACTIONS, ReviewAction } from '../consumers/dto/review-consumer.dto';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { checked, text } from './form-values';

/**
 * What a reviewer may do from each stage (docs/mediawiki-compatibility.md#stages): pending stages
 * vs approved/disabled.
 */
const ACTIONS_BY_STAGE: Record<string, ReviewAction[]> = {
  proposed: ['approve', 'reject'],
  rejected: ['approve'],
  expired: ['approve'],
  approved: ['disable'],
  disabled: ['reenable', 'disable'],
};

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
  ) {}

  @Get()
  @Authenticated({ rights: ['mwoauthmanageconsumer'], redirectToLogin: true })
  async hub(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.renderHub(req, reply, 'proposed', 50);
  }

  @Get('stage/:stage')
  @Authenticated({ rights: ['mwoauthmanageconsumer'], redirectToLogin: true })
  async stage(@Param('stage') stage: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!Object.values(STAGE_NAMES).includes(stage)) throw AppError.notFound('No such stage.');
    await this.renderHub(req, reply, stage, 100);
  }

  /** The review hub: the queues and lists with their counts, and the consumers at one stage. */
  private async renderHub(req: FastifyRequest, reply: FastifyReply, stage: string, limit: number): Promise<void> {
    const { counts } = await this.api.stats(req.principal!);
    const page = await this.api.list({ stage, limit }, req.principal);
    const queues = ['proposed', 'rejected', 'expired'].map((name) => ({ name, count: counts[name] }));
    const lists = ['approved', 'disabled', 'configuration-based'].map((name) => ({ name, count: counts[name] }));
    await this.pages.render(req, reply, 'manage-hub.hbs', {
      titleKey: 'manage-title',
      queues,
      lists,
      items: page.items,
      current: stage,
    });
  }

  @Get(':key')
  @Authenticated({ rights: ['mwoauthmanageconsumer'], redirectToLogin: true })
  async reviewPage(@Param('key') key: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.render(req, reply, key);
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
      if (!REVIEW_ACTIONS.includes(action))
        throw AppError.badRequest('Choose a decision.', [{ field: 'action', message: 'is required' }]);
      const reason = (text(body.reason) ?? '').trim();
      if (!reason) throw AppError.badRequest('Give a reason.', [{ field: 'reason', message: 'is required' }]);
      await this.reviews.review(
        key,
        { action, reason, suppress: checked(body.suppress) },
        req.principal!,
        Number(text(body.revision)),
      );
      await reply.code(303).redirect(`/manage/consumers/${key}`);
    } catch (error) {
      const { status, errors } = formProblems(error, { pageGone: true });
      await this.render(req, reply, key, errors, status);
    }
  }

  private async render(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    errors?: unknown[],
    status = 200,
  ): Promise<void> {
    const consumer = await this.lookup.getVisible(key, req.principal);
    const shown = this.mapper.toResponse(consumer, req.principal);
    const log = await this.api.logOf(consumer, { limit: 50 }, req.principal);
    const actions = (ACTIONS_BY_STAGE[shown.stageName] ?? []).map((name) => ({
      name,
      labelKey: `manage-action-${name}`,
    }));
    await this.pages.render(
      req,
      reply,
      'manage-review.hbs',
      {
        titleKey: 'manage-review-title',
        consumer: shown,
        log: log.items,
        actions,
        revision: consumer.revision,
        errors,
        canSuppress: hasRight(req.principal, 'mwoauthsuppress'),
        configurationBased: shown.stageName === 'configuration-based',
      },
      status,
    );
  }
}
