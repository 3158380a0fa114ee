import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { CachedLookup, HotCaches } from '../database/cache/hot-caches.service';
import type { Snapshot } from '../database/cache/snapshot';
import { PasswordHasher } from './password-hasher';
import { RightsCatalog } from '../catalog/rights-catalog';
import { UserGroup } from './user-group.entity';
import { User } from './user.entity';
import { findLookAlike, lookAlikeConflict, refuseUnsafeUsername } from './look-alikes';
import { lookAlikeHash, usernameKey } from './username';

export interface NewUser {
  username: string;
  password: string;
  email?: string | null;
  realName?: string;
  groups?: string[];
  emailVerified?: boolean;
}

export interface UserChanges {
  groups?: string[];
  blocked?: boolean;
  locked?: boolean;
  emailVerified?: boolean;
}

/** Accounts: creation, lookup, credentials and the few flags admins change. */
@Injectable()
export class UsersService {
  private readonly byId: CachedLookup<User>;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly catalog: RightsCatalog,
    caches: HotCaches,
  ) {
    this.byId = caches.lookup('users', User, ['id'], { relations: { memberships: true } });
  }

  async create(input: NewUser): Promise<User> {
    const groups = this.checkGroups(input.groups ?? []);
    refuseUnsafeUsername(input.username);
    const passwordHash = await this.hasher.hash(input.password);
    const key = usernameKey(input.username);
    const skeletonHash = lookAlikeHash(input.username);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.refuseTakenOrLookAlike(manager, input.username, key, skeletonHash);
        const user = manager.create(User, {
          username: input.username,
          usernameKey: key,
          skeletonHash,
          email: input.email ?? null,
          realName: input.realName ?? '',
          passwordHash,
          registeredAt: new Date(),
          emailVerified: input.emailVerified ?? false,
          blocked: false,
          locked: false,
        });
        await manager.save(user);
        await manager.save(groups.map((groupName) => manager.create(UserGroup, { userId: user.id, groupName })));
        return (await manager.findOne(User, { where: { id: user.id }, relations: { memberships: true } }))!;
      });
    } catch (error) {
      // Two concurrent registrations of one name, or of look-alikes: the unique indexes decide, the loser gets 409.
      if (error instanceof QueryFailedError && /unique|duplicate/i.test(error.message)) {
        await this.refuseTakenOrLookAlike(this.dataSource.manager, input.username, key, skeletonHash);
        throw this.usernameTaken();
      }
      throw error;
    }
  }

  /** With its group memberships, in one round trip. */
  findById(id: number): Promise<User | null> {
    return this.byId.find(id);
  }

  /**
   * For the grant checks of the token endpoint (refresh, code): cached, and dropped by any write to
   * users or groups.
   */
  findByIdCached(id: number): Promise<Snapshot<User> | null> {
    return this.byId.cached(String(id), id);
  }

  /** Members of any of `groups` with a confirmed email address who are not locked, but `except`: whom to notify. */
  async mailableMembersOf(
    groups: readonly string[],
    except: number,
  ): Promise<Array<{ id: number; email: string; language: string | null }>> {
    const rows = await this.users
      .createQueryBuilder('u')
      .innerJoin(UserGroup, 'g', 'g.userId = u.id')
      .where('g.groupName IN (:...groups)', { groups })
      .andWhere('u.id <> :except', { except })
      .andWhere('u.email IS NOT NULL')
      .andWhere('u.emailVerified = :verified', { verified: true })
      .andWhere('u.locked = :locked', { locked: false })
      .select(['u.id', 'u.email', 'u.language'])
      .distinct(true)
      .getMany();
    return rows.map((u) => ({ id: u.id, email: u.email!, language: u.language }));
  }

  async getById(id: number): Promise<User> {
    const user = await this.findById(id);
    if (!user) throw AppError.notFound('No such user.');
    return user;
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOne({ where: { usernameKey: usernameKey(username) }, relations: { memberships: true } });
  }

  /**
   * The accounts whose confirmed address is `email` (case-insensitively; addresses are not unique), at most
   * `limit`: whom a "forgot password" request by address may mail (docs/security.md#forgot-password).
   */
  findByVerifiedEmail(email: string, limit: number): Promise<User[]> {
    return this.users
      .createQueryBuilder('u')
      .where('LOWER(u.email) = LOWER(:email)', { email })
      .andWhere('u.emailVerified = :verified', { verified: true })
      .orderBy('u.id')
      .take(limit)
      .getMany();
  }

  /** The user whose password matches, or null; unknown names cost the same time as wrong passwords. */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const found = await this.users.findOne({
      where: { usernameKey: usernameKey(username) },
      select: { id: true, passwordHash: true },
    });
    if (!found?.passwordHash) return this.hasher.verifyDummy(password).then(() => null);
    if (!(await this.hasher.verify(found.passwordHash, password))) return null;
    return this.findById(found.id);
  }

  /** Applies admin changes in one transaction; returns the updated user. */
  async update(id: number, changes: UserChanges): Promise<User> {
    const groups = changes.groups === undefined ? undefined : this.checkGroups(changes.groups);
    await this.dataSource.transaction(async (manager) => {
      const user = await manager.findOneBy(User, { id });
      if (!user) throw AppError.notFound('No such user.');
      const flags = { blocked: changes.blocked, locked: changes.locked, emailVerified: changes.emailVerified };
      const set = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
      if (Object.keys(set).length > 0) await manager.update(User, { id }, set);
      if (groups) {
        await manager.delete(UserGroup, { userId: id });
        await manager.save(groups.map((groupName) => manager.create(UserGroup, { userId: id, groupName })));
      }
    });
    return this.getById(id);
  }

  async setPassword(id: number, password: string): Promise<void> {
    await this.users.update({ id }, { passwordHash: await this.hasher.hash(password) });
  }

  /** Marks `email` verified if it is still the user's address; false when it is not. */
  async setEmailVerified(id: number, email: string): Promise<boolean> {
    const user = await this.users.findOneBy({ id, email });
    if (!user) return false;
    if (!user.emailVerified) await this.users.update({ id }, { emailVerified: true });
    return true;
  }

  /**
   * Gives an account without an address `email`, confirmed (the bootstrap admin's ADMIN_EMAIL):
   * one conditional UPDATE, so an address set meanwhile is never overwritten.
   */
  async setEmailIfNone(id: number, email: string): Promise<boolean> {
    const result = await this.users
      .createQueryBuilder()
      .update(User)
      .set({ email, emailVerified: true })
      .where('id = :id AND email IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /**
   * Replaces `from` (null: no address yet) by `to`, confirmed, if `from` is still the account's
   * address: one conditional UPDATE whose affected-row count decides, so a confirmation link is
   * spent by the change it makes, and a link for an address changed meanwhile does nothing.
   */
  async replaceEmail(id: number, from: string | null, to: string): Promise<boolean> {
    const query = this.users.createQueryBuilder().update(User).set({ email: to, emailVerified: true });
    const result = await (
      from === null
        ? query.where('id = :id AND email IS NULL', { id })
        : query.where('id = :id AND email = :from', { id, from })
    ).execute();
    return (result.affected ?? 0) > 0;
  }

  /** The fields people change on their own account page; undefined leaves a field as it is. */
  async updateProfile(id: number, changes: { realName?: string; language?: string | null }): Promise<User> {
    const set = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    if (Object.keys(set).length > 0) await this.users.update({ id }, set);
    return this.getById(id);
  }

  /** Deletes the account inside the caller's transaction (sessions and groups cascade). */
  async deleteInTransaction(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(User, { id });
  }

  /** Explicit groups must exist in the catalog and not be implicit (`*`, `user`). */
  private checkGroups(groups: string[]): string[] {
    const unique = [...new Set(groups)];
    const bad = unique.filter((g) => !this.catalog.isAssignable(g));
    if (bad.length > 0) {
      throw AppError.badRequest(
        `Unknown or implicit groups: ${bad.join(', ')}.`,
        bad.map((g) => ({ field: 'groups', message: `"${g}" is not an assignable group` })),
      );
    }
    return unique.sort();
  }

  /**
   * The same name in another case is "taken"; a look-alike is 409 username_confusable, naming it. Compared here
   * rather than by MariaDB's collation, which would call some look-alikes "taken" (docs/api.md#look-alike-usernames).
   */
  private async refuseTakenOrLookAlike(
    manager: EntityManager,
    username: string,
    key: string,
    skeletonHash: string,
  ): Promise<void> {
    const lookAlike = await findLookAlike(manager, skeletonHash);
    if (lookAlike !== undefined && usernameKey(lookAlike) !== key) throw lookAlikeConflict(username, lookAlike);
    if (lookAlike !== undefined || (await manager.existsBy(User, { usernameKey: key }))) throw this.usernameTaken();
  }

  private usernameTaken(): AppError {
    return AppError.conflict('That username is already taken.', [{ field: 'username', message: 'is already taken' }]);
  }
}
