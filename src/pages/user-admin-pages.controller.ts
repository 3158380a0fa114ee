import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthorizationQueries } from '../authorizations/authorization-queries.service';
import { RightsCatalog } from '../catalog/rights-catalog';
import { AppError } from '../common/errors/app-error';
import { formProblems } from '../common/errors/form-problems';
import { Authenticated } from '../principal/route-rules.decorators';
import { ConsumerApi } from '../registration/consumer-api.service';
import { UserSearchQuery, USER_SORTS } from '../user-admin/dto/user-search.query';
import { UserAccountActions } from '../user-admin/user-account-actions.service';
import { UserAdminService } from '../user-admin/user-admin.service';
import { UserSearch } from '../user-admin/user-search.service';
import { UserMapper } from '../user-admin/user.mapper';
import { UserIdPipe } from '../users/user-id.pipe';
import { UserRights } from '../users/user-rights';
import { UserChanges, UsersService } from '../users/users.service';
import { CsrfGuard } from '../web/csrf.guard';
import { PagesService } from '../web/pages.service';
import { formatTime } from '../web/time-format';
import { list, text } from './form-values';
import { pageNumberOf, pageQuery } from './page-query';
import { pager } from './pager';

const PAGE_SIZE = 50;

/**
 * What the user page can do to an account. The destructive ones (docs/administration.md#users)
 * go through a confirmation page of their own: their POST carries `confirm=yes`, which only that
 * page's form sends, so no single click on the user page blocks, locks or logs anyone out.
 */
const ACTIONS: Record<string, { destructive?: boolean; changes?: UserChanges }> = {
  block: { destructive: true, changes: { blocked: true } },
  unblock: { changes: { blocked: false } },
  lock: { destructive: true, changes: { locked: true } },
  unlock: { changes: { locked: false } },
  'confirm-email': { changes: { emailVerified: true } },
  'end-sessions': { destructive: true },
  'lift-lockout': {},
};

const FLAGS = ['blocked', 'locked', 'unconfirmed'] as const;

/** Finding and managing accounts (docs/administration.md#users), for holders of `userrights`, as the API is. */
@ApiExcludeController()
@Controller('manage/users')
export class UserAdminPagesController {
  constructor(
    private readonly pages: PagesService,
    private readonly search: UserSearch,
    private readonly users: UsersService,
    private readonly admin: UserAdminService,
    private readonly actions: UserAccountActions,
    private readonly mapper: UserMapper,
    private readonly rights: UserRights,
    private readonly catalog: RightsCatalog,
    private readonly consumers: ConsumerApi,
    private readonly authorizations: AuthorizationQueries,
  ) {}

  @Get()
  @Authenticated({ rights: ['userrights'], redirectToLogin: true })
  async list(
    @Query() raw: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const page = pageNumberOf(raw.page);
    const names = ['q', 'group', 'sort', ...FLAGS];
    // For the form and the links; the search itself gets the values as sent, so a repeated field is refused.
    const filters = Object.fromEntries(names.map((name) => [name, typeof raw[name] === 'string' ? raw[name] : '']));
    const given = Object.fromEntries(names.map((name) => [name, raw[name]]));
    const base = {
      titleKey: 'admin-users-title',
      filters,
      groups: this.assignableGroups(text(raw.group) ? [String(raw.group)] : []),
      sorts: USER_SORTS.map((value) => ({ value, labelKey: `admin-sort-${value}`, selected: value === raw.sort })),
      flags: FLAGS.map((name) => ({ name, labelKey: `admin-filter-${name}`, value: filters[name] })),
    };
    try {
      const query = await pageQuery(UserSearchQuery, { ...given, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      const result = await this.search.search(query, req.principal!);
      const href = (n: number) => {
        const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== ''));
        if (n > 1) params.set('page', String(n));
        const search = params.toString();
        return search ? `/manage/users?${search}` : '/manage/users';
      };
      const language = this.pages.language(req);
      const now = new Date();
      const items = result.items.map((u) => ({
        ...u,
        emailHidden: !Object.hasOwn(u, 'email'),
        registered: formatTime(now, new Date(u.registeredAt), language),
        explicitGroups: u.groups.filter((g) => !this.catalog.implicitGroups.includes(g)),
      }));
      await this.pages.render(req, reply, 'admin-users.hbs', {
        ...base,
        items,
        total: result.total,
        pager: pager(page, result.total, PAGE_SIZE, href),
      });
    } catch (error) {
      const { status, errors } = formProblems(error);
      await this.pages.render(req, reply, 'admin-users.hbs', { ...base, errors, items: [], total: 0 }, status);
    }
  }

  @Get(':id')
  @Authenticated({ rights: ['userrights'], redirectToLogin: true })
  async user(
    @Param('id', UserIdPipe) id: number,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.renderUser(req, reply, id);
  }

  @Post(':id/groups')
  @Authenticated({ rights: ['userrights'] })
  @UseGuards(CsrfGuard)
  async groups(
    @Param('id', UserIdPipe) id: number,
    @Body() body: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // The service checks the names against the catalog, as for PATCH /api/v1/users/{id}.
    await this.change(req, reply, id, () =>
      this.admin.update(id, { groups: list(body.groups) }, req.principal!.user, req.ip),
    );
  }

  /** The confirmation page of a destructive action; the others have none. */
  @Get(':id/:action')
  @Authenticated({ rights: ['userrights'], redirectToLogin: true })
  async confirm(
    @Param('id', UserIdPipe) id: number,
    @Param('action') action: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!Object.hasOwn(ACTIONS, action) || !ACTIONS[action].destructive) throw AppError.notFound('No such page.');
    await this.renderConfirm(req, reply, id, action);
  }

  @Post(':id/:action')
  @Authenticated({ rights: ['userrights'] })
  @UseGuards(CsrfGuard)
  async act(
    @Param('id', UserIdPipe) id: number,
    @Param('action') action: string,
    @Body() body: Record<string, unknown>,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!Object.hasOwn(ACTIONS, action)) throw AppError.notFound('No such action.');
    const { destructive, changes } = ACTIONS[action];
    // Not confirmed: the confirmation page again, and nothing changed.
    if (destructive && text(body.confirm) !== 'yes') return this.renderConfirm(req, reply, id, action);
    const actor = req.principal!.user;
    await this.change(req, reply, id, async () => {
      if (changes) await this.admin.update(id, changes, actor, req.ip);
      else if (action === 'end-sessions') await this.actions.endSessions(id, actor, req.ip);
      else await this.actions.liftLoginLockout(id, actor, req.ip);
    });
  }

  /** Runs a change, then back to the user page (POST, 303, GET); a refused change shows its problems there. */
  private async change(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    run: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await run();
    } catch (error) {
      const { status, errors } = formProblems(error, { pageGone: true });
      return this.renderUser(req, reply, id, errors, status);
    }
    await reply.code(303).redirect(`/manage/users/${id}`);
  }

  private async renderConfirm(req: FastifyRequest, reply: FastifyReply, id: number, action: string): Promise<void> {
    const user = this.mapper.toAdminView(await this.users.getById(id), req.principal!);
    await this.pages.render(req, reply, 'admin-confirm.hbs', {
      titleKey: `admin-confirm-${action}-title`,
      user,
      action,
      questionKey: `admin-confirm-${action}-question`,
      submitKey: `admin-action-${action}`,
    });
  }

  private async renderUser(
    req: FastifyRequest,
    reply: FastifyReply,
    id: number,
    errors?: unknown[],
    status = 200,
  ): Promise<void> {
    const principal = req.principal!;
    const found = await this.users.getById(id);
    const user = this.mapper.toAdminView(found, principal);
    const consumers = await this.consumers.list({ owner: found.username, stage: 'any', limit: 100 }, principal);
    const authorizations = await this.authorizations.ofUser(id, principal);
    const language = this.pages.language(req);
    const now = new Date();
    await this.pages.render(
      req,
      reply,
      'admin-user.hbs',
      {
        titleKey: 'admin-user-title',
        user,
        seesPrivate: this.mapper.seesPrivateInfoOfOthers(principal),
        registered: formatTime(now, found.registeredAt, language),
        groups: this.assignableGroups(this.rights.explicitGroups(found)),
        consumers: consumers.items,
        authorizations: authorizations.map((a) => ({
          ...a,
          accepted: formatTime(now, new Date(a.acceptedAt), language),
        })),
        canConfirmEmail: Boolean(found.email) && !found.emailVerified,
        errors,
      },
      status,
    );
  }

  /** The groups an account can be put in, those of `chosen` ticked. */
  private assignableGroups(chosen: string[]): { name: string; description: string; checked: boolean }[] {
    return this.catalog.groupNames
      .filter((name) => this.catalog.isAssignable(name))
      .map((name) => ({ name, description: this.catalog.descriptions[name] ?? '', checked: chosen.includes(name) }));
  }
}
