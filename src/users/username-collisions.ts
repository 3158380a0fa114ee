import { DataSource, MoreThan } from 'typeorm';
import { User } from './user.entity';
import { lookAlikeKey, usernameProblem } from './username';

export interface NamedUser {
  id: number;
  username: string;
}

/** What `user:confusables` prints: groups of look-alike names, and names that registration would now refuse. */
export interface CollisionReport {
  lookAlikes: NamedUser[][];
  refused: (NamedUser & { problem: string })[];
}

/** Groups users by look-alike key (not by the stored hash: rows from before the column have none). */
export function findCollisions(users: Iterable<NamedUser>): CollisionReport {
  const groups = new Map<string, NamedUser[]>();
  const refused: CollisionReport['refused'] = [];
  for (const user of users) {
    const key = lookAlikeKey(user.username);
    groups.set(key, [...(groups.get(key) ?? []), user]);
    const problem = usernameProblem(user.username);
    if (problem) refused.push({ ...user, problem: problem.message });
  }
  return { lookAlikes: [...groups.values()].filter((group) => group.length > 1), refused };
}

const PAGE = 1000;

/** Reads every id and name, a page at a time, for sites upgrading (docs/api.md#look-alike-usernames). */
export async function usernameCollisions(dataSource: DataSource): Promise<CollisionReport> {
  const users: NamedUser[] = [];
  for (let after = 0; ;) {
    const page = await dataSource.getRepository(User).find({
      select: { id: true, username: true },
      where: { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: PAGE,
    });
    users.push(...page.map(({ id, username }) => ({ id, username })));
    if (page.length < PAGE) break;
    after = page[page.length - 1].id;
  }
  return findCollisions(users);
}
