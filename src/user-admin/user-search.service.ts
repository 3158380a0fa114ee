import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, SelectQueryBuilder } from 'typeorm';
import { RightsCatalog } from '../catalog/rights-catalog';
import { AppError } from '../common/errors/app-error';
import { Principal } from '../principal/principal';
import { UserGroup } from '../users/user-group.entity';
import { User } from '../users/user.entity';
import { usernameKey } from '../users/username';
import { UserSearchPage, UserSearchQuery, UserSort } from './dto/user-search.query';
import { UserMapper } from './user.mapper';

/**
 * LIKE's escape character. Not `\`: SQLite reads `'\\'` as two characters and MariaDB as one,
 * while `'!'` is one character in both dialects' string literals.
 */
const ESCAPE = '!';

/** `%`, `_` and the escape character itself match themselves (docs/administration.md#searching-users). */
export function likeContains(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => ESCAPE + c)}%`;
}

const COLUMNS: Record<string, string> = { username: 'u.usernameKey', registeredAt: 'u.registeredAt' };

/**
 * Finding accounts for administrators: a substring of the username or the email address, in any
 * case, on SQLite and MariaDB alike; filters by group and flags; a whitelisted sort; pages by
 * offset with the total (the admin page numbers its pages).
 */
@Injectable()
export class UserSearch {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly catalog: RightsCatalog,
    private readonly mapper: UserMapper,
  ) {}

  async search(query: UserSearchQuery, viewer: Pick<Principal, 'rights' | 'grants'>): Promise<UserSearchPage> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const qb = this.filtered(query, this.mapper.seesPrivateInfoOfOthers(viewer));
    const total = await qb.clone().getCount();
    const [field, direction] = order(query.sort ?? 'username');
    const rows = await qb
      .select('u.id', 'id')
      .orderBy(COLUMNS[field], direction)
      .addOrderBy('u.id', direction)
      .offset(offset)
      .limit(limit)
      .getRawMany<{ id: number | string }>();
    const ids = rows.map((r) => Number(r.id));
    const found =
      ids.length === 0 ? [] : await this.users.find({ where: { id: In(ids) }, relations: { memberships: true } });
    const byId = new Map(found.map((u) => [u.id, u]));
    const items = ids.flatMap((id) => {
      const user = byId.get(id);
      return user ? [this.mapper.toAdminView(user, viewer)] : [];
    });
    return { items, total, limit, offset };
  }

  private filtered(query: UserSearchQuery, searchEmail: boolean): SelectQueryBuilder<User> {
    const qb = this.users.createQueryBuilder('u');
    const text = query.q?.trim();
    if (text) {
      // The username's key is NFKC and lower case, so the text gets the same treatment; an email
      // address is lowered on both sides. An address is searched only by those who may see it, so
      // that the search cannot tell anyone else what an address is.
      const conditions = [`u.usernameKey LIKE :name ESCAPE '${ESCAPE}'`];
      if (searchEmail) conditions.push(`LOWER(u.email) LIKE :email ESCAPE '${ESCAPE}'`);
      qb.andWhere(`(${conditions.join(' OR ')})`, {
        name: likeContains(usernameKey(text)),
        email: likeContains(text.toLowerCase()),
      });
    }
    if (query.group !== undefined && !this.catalog.implicitGroups.includes(query.group)) {
      if (!this.catalog.isAssignable(query.group))
        throw AppError.badRequest('No such group.', [{ field: 'group', message: 'is not a group' }]);
      const members = qb
        .subQuery()
        .select('1')
        .from(UserGroup, 'g')
        .where('g.userId = u.id')
        .andWhere('g.groupName = :group')
        .getQuery();
      qb.andWhere(`EXISTS ${members}`, { group: query.group });
    }
    if (query.blocked !== undefined) qb.andWhere('u.blocked = :blocked', { blocked: query.blocked });
    if (query.locked !== undefined) qb.andWhere('u.locked = :locked', { locked: query.locked });
    if (query.unconfirmed !== undefined)
      qb.andWhere(query.unconfirmed ? 'u.emailVerified = :no' : 'u.emailVerified = :yes', { no: false, yes: true });
    return qb;
  }
}

function order(sort: UserSort): [string, 'ASC' | 'DESC'] {
  return sort.startsWith('-') ? [sort.slice(1), 'DESC'] : [sort, 'ASC'];
}
