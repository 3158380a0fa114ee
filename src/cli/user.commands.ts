import { Command, Option } from 'commander';
import { DataSource } from 'typeorm';
import { AccountDeletion } from '../authorizations/account-deletion.service';
import { AppError } from '../common/errors/app-error';
import { UserMapper } from '../user-admin/user.mapper';
import { UserRights } from '../users/user-rights';
import { displayUsername, spellOut } from '../users/username';
import { CollisionReport, NamedUser, usernameCollisions } from '../users/username-collisions';
import { UsersService } from '../users/users.service';
import { CliIo, withContext } from './cli-io';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function registerUserCommands(program: Command, io: CliIo): void {
  program
    .command('user:create')
    .description('Create a user who can log in')
    .requiredOption('--username <name>', 'the username')
    .requiredOption('--password <password>', 'the password (at least 8 characters)')
    .option('--email <email>', 'the email address')
    .option('--real-name <name>', 'the real name')
    .addOption(new Option('--groups <a,b>', 'explicit groups, comma-separated').argParser(list))
    .option('--email-verified', 'mark the email address as verified')
    .option('--json', 'print the user as JSON')
    .action(
      (opts: {
        username: string;
        password: string;
        email?: string;
        realName?: string;
        groups?: string[];
        emailVerified?: boolean;
        json?: boolean;
      }) =>
        withContext(io, async (context) => {
          if (opts.password.length < 8) throw AppError.badRequest('The password must be at least 8 characters.');
          const user = await context.get(UsersService).create({
            username: opts.username,
            password: opts.password,
            email: opts.email,
            realName: opts.realName,
            groups: opts.groups,
            emailVerified: opts.emailVerified ?? false,
          });
          const shown = context.get(UserMapper).toResponse(user);
          io.out(
            opts.json
              ? JSON.stringify(shown)
              : `Created user ${shown.username} (id ${shown.id}) in groups ${shown.groups.join(', ')}`,
          );
        }),
    );

  program
    .command('user:set-groups')
    .description("Replace a user's explicit groups")
    .requiredOption('--username <name>', 'the username')
    .addOption(
      new Option('--groups <a,b>', 'the groups, comma-separated (empty for none)')
        .argParser(list)
        .makeOptionMandatory(),
    )
    .option('--json', 'print the user as JSON')
    .action((opts: { username: string; groups: string[]; json?: boolean }) =>
      withContext(io, async (context) => {
        const users = context.get(UsersService);
        const found = await users.findByUsername(opts.username);
        if (!found) throw AppError.notFound(`No user named ${opts.username}.`);
        const user = await users.update(found.id, { groups: opts.groups });
        const shown = context.get(UserMapper).toResponse(user);
        const explicit = context.get(UserRights).explicitGroups(user);
        io.out(
          opts.json
            ? JSON.stringify(shown)
            : `${shown.username} is now in: ${explicit.join(', ') || '(no explicit groups)'}`,
        );
      }),
    );

  program
    .command('user:confusables')
    .description(
      'List users whose names look alike, and names that registration would now refuse (for sites upgrading)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await withDatabase(io, usernameCollisions);
      if (opts.json) io.out(JSON.stringify(report));
      else printCollisions(io, report);
    });

  program
    .command('user:delete')
    .description('Delete a user with their authorizations and consumers, in one transaction')
    .requiredOption('--username <name>', 'the username')
    .option('--yes', 'confirm: this cannot be undone')
    .action((opts: { username: string; yes?: boolean }) =>
      withContext(io, async (context) => {
        if (!opts.yes) throw AppError.badRequest('Deleting a user cannot be undone: add --yes to confirm.');
        const { id, consumers } = await context.get(AccountDeletion).delete(opts.username);
        io.out(`Deleted user ${opts.username} (id ${id}), ${consumers} consumer(s) and their authorizations`);
      }),
    );
}

/**
 * The database alone where the CLI can open it so: listing must work even when the application
 * cannot boot (a look-alike ADMIN_USERNAME).
 */
async function withDatabase<T>(io: CliIo, action: (dataSource: DataSource) => Promise<T>): Promise<T> {
  if (!io.openDatabase) return withContext(io, (context) => action(context.get(DataSource)));
  const { dataSource, close } = await io.openDatabase();
  try {
    return await action(dataSource);
  } finally {
    await close();
  }
}

/** One line per look-alike group, each name with its id and, where it is not plain ASCII, its code points. */
function printCollisions(io: CliIo, report: CollisionReport): void {
  const label = (user: NamedUser) => {
    const spelt = spellOut(user.username);
    return (
      `${displayUsername(user.username)} (id ${user.id}` +
      `${spelt === displayUsername(user.username) ? '' : `, spelt ${spelt}`})`
    );
  };
  const groups = report.lookAlikes.length;
  io.out(
    groups === 0 ? 'No look-alike usernames.' : `Look-alike usernames (${groups} group${groups === 1 ? '' : 's'}):`,
  );
  for (const group of report.lookAlikes) io.out(group.map(label).join(' ~ '));
  if (report.refused.length === 0) return;
  io.out(`Usernames that registration would now refuse (${report.refused.length}):`);
  for (const user of report.refused) io.out(`${label(user)}: ${user.problem}`);
}
