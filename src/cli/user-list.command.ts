import { Command, InvalidArgumentError, Option } from 'commander';
import { RightsCatalog } from '../catalog/rights-catalog';
import { UserResponse } from '../users/dto/user.response';
import { MAX_SEARCH_LENGTH, UserSearchQuery } from '../user-admin/dto/user-search.query';
import { UserSearch } from '../user-admin/user-search.service';
import { CliIo, withContext } from './cli-io';
import { printable, table } from './consumer.commands';

/** The operator sees what an administrator with a session sees: email addresses included. */
const OPERATOR = { rights: new Set(['userrights']), grants: null };

/** The API's page size limit: user:list reads page after page. */
const PAGE = 100;

const positiveInteger = (value: string): number => {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
};

const searchText = (value: string): string => {
  if (value.length > MAX_SEARCH_LENGTH)
    throw new InvalidArgumentError(`must be at most ${MAX_SEARCH_LENGTH} characters`);
  return value;
};

interface ListOptions {
  search?: string;
  group?: string;
  blocked?: boolean;
  locked?: boolean;
  unconfirmed?: boolean;
  limit?: number;
  json?: boolean;
}

/** `user:list`: the search of `GET /api/v1/users` (docs/administration.md#user-list), as a table. */
export function registerUserListCommand(program: Command, io: CliIo): void {
  program
    .command('user:list')
    .description('List users by username, with their email address, status and groups')
    .addOption(new Option('--search <text>', 'part of the username or email address, any case').argParser(searchText))
    .option('--group <group>', 'only members of this group')
    .option('--blocked', 'only blocked users')
    .option('--locked', 'only locked accounts')
    .option('--unconfirmed', 'only users whose email address is not confirmed')
    .addOption(new Option('--limit <n>', 'at most this many').argParser(positiveInteger))
    .option('--json', 'print a JSON array')
    .action((opts: ListOptions) =>
      withContext(io, async (context) => {
        const search = context.get(UserSearch);
        const implicit = context.get(RightsCatalog).implicitGroups;
        const max = opts.limit ?? Infinity;
        const items: UserResponse[] = [];
        for (let offset = 0; items.length < max; offset += PAGE) {
          const query: UserSearchQuery = {
            q: opts.search,
            group: opts.group,
            blocked: opts.blocked,
            locked: opts.locked,
            unconfirmed: opts.unconfirmed,
            limit: Math.min(PAGE, max - items.length),
            offset,
          };
          const page = await search.search(query, OPERATOR);
          items.push(...page.items);
          if (page.items.length < query.limit! || offset + PAGE >= page.total) break;
        }
        if (opts.json) return io.out(JSON.stringify(items));
        if (items.length === 0) return io.out('No users.');
        const rows = items.map((u) => [
          String(u.id),
          printable(u.username),
          printable(u.email ?? ''),
          [u.blocked && 'blocked', u.locked && 'locked', !u.emailVerified && 'unconfirmed'].filter(Boolean).join(',') ||
            'ok',
          u.groups.filter((g) => !implicit.includes(g)).join(',') || '-',
          u.registeredAt,
        ]);
        for (const line of table([['ID', 'USERNAME', 'EMAIL', 'STATUS', 'GROUPS', 'REGISTERED'], ...rows]))
          io.out(line);
      }),
    );
}
