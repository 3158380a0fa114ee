import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditQueries } from '../audit/audit-queries.service';
import { AuditQuery } from '../audit/dto/audit-query.dto';
import { formProblems } from '../common/errors/form-problems';
import { Authenticated } from '../principal/route-rules.decorators';
import { PagesService } from '../web/pages.service';
import { formatTime } from '../web/time-format';
import { pageQuery } from './page-query';

const PAGE_SIZE = 50;

/** The page's field names → the API's (`GET /api/v1/audit`), so both read the same filters. */
const API_NAMES: Record<string, string> = {
  actor: 'actor',
  consumer: 'consumer',
  event: 'action',
  from: 'since',
  to: 'until',
};
const PAGE_NAMES = Object.fromEntries(Object.entries(API_NAMES).map(([page, api]) => [api, page]));

/** A browser's `datetime-local` value has no zone: the page says the times are UTC. */
const LOCAL_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?$/;

/** The audit log (docs/administration.md#audit-log), for holders of `mwoauthviewprivate`, as the API is. */
@ApiExcludeController()
@Controller('manage/audit')
export class AuditPagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly audit: AuditQueries,
  ) {}

  @Get()
  @Authenticated({ rights: ['mwoauthviewprivate'], redirectToLogin: true })
  async log(
    @Query() raw: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const filters = Object.fromEntries(
      Object.keys(API_NAMES).map((name) => [name, typeof raw[name] === 'string' ? raw[name] : '']),
    );
    const base = { titleKey: 'admin-audit-title', filters, linkUsers: req.principal!.rights.has('userrights') };
    try {
      const given: Record<string, unknown> = { limit: PAGE_SIZE, cursor: raw.cursor };
      for (const [name, api] of Object.entries(API_NAMES)) {
        const value = raw[name];
        given[api] =
          (name === 'from' || name === 'to') && typeof value === 'string' && LOCAL_TIME.test(value)
            ? `${value}Z`
            : value;
      }
      const page = await this.audit.page(await pageQuery(AuditQuery, given));
      const language = this.pages.language(req);
      const now = new Date();
      const items = page.items.map((e) => ({
        ...e,
        time: formatTime(now, new Date(e.timestamp), language),
        details: e.details ? JSON.stringify(e.details) : '',
      }));
      const link = (cursor?: number) => {
        const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
        if (cursor !== undefined) params.set('cursor', String(cursor));
        const search = params.toString();
        return search ? `/manage/audit?${search}` : '/manage/audit';
      };
      await this.pages.render(req, reply, 'audit-log.hbs', {
        ...base,
        items,
        next: page.nextCursor === null ? undefined : link(page.nextCursor),
        newest: raw.cursor === undefined || raw.cursor === '' ? undefined : link(),
      });
    } catch (error) {
      const { status, errors } = formProblems(error);
      const named = errors.map((e) => ({ ...e, field: PAGE_NAMES[e.field] ?? e.field }));
      await this.pages.render(req, reply, 'audit-log.hbs', { ...base, errors: named, items: [] }, status);
    }
  }
}
