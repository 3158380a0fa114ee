import { Command, InvalidArgumentError, Option } from 'commander';
import { PrincipalService } from '../caller/principal.service';
import { AppError } from '../common/errors/app-error';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerProposalService } from '../registration/consumer-proposal.service';
import { ConsumerReviewService } from '../consumers/consumer-review.service';
import { ConsumerStage, LIST_STAGES } from '../access/consumer-stage';
import { Viewer } from '../consumers/consumer-visibility';
import { ConsumerResponse } from '../consumers/dto/consumer.response';
import { ConsumerApi } from '../registration/consumer-api.service';
import { REVIEW_ACTIONS, ReviewAction } from '../consumers/dto/review-consumer.dto';
import { UsersService } from '../users/users.service';
import { CliIo, withContext } from './cli-io';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const positiveInteger = (value: string): number => {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
};

/**
 * The operator at the command line sees what a reviewer sees (`mwoauthmanageconsumer`), suppressed
 * consumers too, and owns none: an owner-only consumer's private fields stay hidden from them
 * (docs/mediawiki-compatibility.md#field-visibility). No secret is ever part of a consumer's response.
 */
const OPERATOR: Viewer = { user: { id: 0 }, rights: new Set(['mwoauthmanageconsumer', 'mwoauthviewsuppressed']) };

/** The API's page size limit: consumer:list reads page after page. */
const PAGE = 100;

interface ListOptions {
  stage: string;
  owner?: string;
  oauthVersion?: '1' | '2';
  limit?: number;
  json?: boolean;
}

interface CreateOptions {
  owner: string;
  name: string;
  version: string;
  oauthVersion: string;
  description?: string;
  callback?: string;
  callbackIsPrefix?: boolean;
  grants: string[];
  ownerOnly?: boolean;
  public?: boolean;
  grantTypes?: string[];
  wiki?: string;
  approve?: boolean;
  ignoreWarnings?: boolean;
  json?: boolean;
}

export function registerConsumerCommands(program: Command, io: CliIo): void {
  program
    .command('consumer:create')
    .description('Create a consumer for a user (as that user proposing it), optionally approving it')
    .requiredOption('--owner <username>', 'the owner')
    .requiredOption('--name <name>', 'the consumer name')
    .requiredOption('--version <version>', 'the consumer version, e.g. 1.0')
    .addOption(new Option('--oauth-version <n>', 'OAuth version').choices(['1', '2']).makeOptionMandatory())
    .option('--description <text>', 'what it does (default: the name)')
    .option('--callback <url>', 'callback / redirect URI (not for owner-only)')
    .option('--callback-is-prefix', 'OAuth 1.0a: the callback is a prefix')
    .addOption(new Option('--grants <a,b>', 'grants, comma-separated').argParser(list).makeOptionMandatory())
    .option('--owner-only', 'owner-only: approved at once, credentials issued')
    .option('--public', 'OAuth 2: a public (non-confidential) client')
    .addOption(new Option('--grant-types <a,b>', 'OAuth 2 grant types').argParser(list))
    .option('--wiki <id>', 'target wiki, * for all', '*')
    .option('--approve', 'approve it at once (logged without a performer: the operator)')
    .option('--ignore-warnings', 'accept validation warnings')
    .option('--json', 'print JSON')
    .action((opts: CreateOptions) =>
      withContext(io, async (context) => {
        const owner = await context.get(UsersService).findByUsername(opts.owner);
        if (!owner) throw AppError.notFound(`No user named ${opts.owner}.`);
        const principal = context.get(PrincipalService).forUser(owner);
        const result = await context.get(ConsumerProposalService).propose(
          {
            oauthVersion: Number(opts.oauthVersion) as 1 | 2,
            name: opts.name,
            version: opts.version,
            description: opts.description ?? opts.name,
            callbackUrl: opts.callback,
            callbackIsPrefix: opts.callbackIsPrefix,
            grants: opts.grants,
            ownerOnly: opts.ownerOnly,
            oauth2IsConfidential: opts.public ? false : undefined,
            oauth2GrantTypes: opts.grantTypes,
            wiki: opts.wiki,
            agreement: true,
            ignoreWarnings: opts.ignoreWarnings,
          },
          principal,
          { trusted: true },
        );
        let consumer = result.consumer;
        if (opts.approve && consumer.stage === ConsumerStage.Proposed) {
          consumer = await context
            .get(ConsumerReviewService)
            .review(
              consumer.consumerKey,
              { action: 'approve', reason: 'Approved from the command line' },
              'system',
              consumer.revision,
            );
        }
        const shown = {
          ...context.get(ConsumerMapper).toResponse(consumer, principal),
          secret: result.secret,
          ...result.credentials,
        };
        io.out(
          opts.json
            ? JSON.stringify(shown)
            : [
                `Created ${shown.name} [${shown.version}] (${shown.stageName})`,
                `consumerKey: ${shown.consumerKey}`,
                `secret: ${shown.secret}`,
                // Owner-only: OAuth 1.0a's token key and secret, or OAuth 2's access token alone.
                ...(result.credentials ? [`accessToken: ${result.credentials.accessToken}`] : []),
                ...(result.credentials?.accessSecret !== undefined
                  ? [`accessSecret: ${result.credentials.accessSecret}`]
                  : []),
              ].join('\n'),
        );
      }),
    );

  program
    .command('consumer:list')
    .description('List consumers, latest stage change first, as a reviewer sees them (suppressed ones too)')
    .addOption(new Option('--stage <stage>', 'only consumers in this stage').choices(LIST_STAGES).default('any'))
    .option('--owner <username>', "only this user's consumers")
    .addOption(new Option('--oauth-version <n>', 'only this OAuth version').choices(['1', '2']))
    .addOption(new Option('--limit <n>', 'at most this many').argParser(positiveInteger))
    .option('--json', 'print a JSON array')
    .action((opts: ListOptions) =>
      withContext(io, async (context) => {
        if (opts.owner !== undefined && !(await context.get(UsersService).findByUsername(opts.owner)))
          throw AppError.notFound(`No user named ${opts.owner}.`);
        const api = context.get(ConsumerApi);
        const max = opts.limit ?? Infinity;
        const items: ConsumerResponse[] = [];
        let cursor: string | undefined;
        do {
          const page = await api.list(
            {
              stage: opts.stage,
              owner: opts.owner,
              oauthVersion: opts.oauthVersion === undefined ? undefined : Number(opts.oauthVersion),
              limit: Math.min(PAGE, max - items.length),
              cursor,
            },
            OPERATOR,
          );
          items.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined && items.length < max);
        if (opts.json) return io.out(JSON.stringify(items));
        if (items.length === 0) return io.out('No consumers.');
        const rows = items.map((c) => [
          c.consumerKey,
          printable(c.name),
          printable(c.version),
          `${c.stageName}${c.suppressed ? ' (suppressed)' : ''}`,
          printable(c.owner.username),
          oauthName(c.oauthVersion) + (c.ownerOnly ? ' owner-only' : ''),
        ]);
        for (const line of table([['KEY', 'NAME', 'VERSION', 'STAGE', 'OWNER', 'OAUTH'], ...rows])) io.out(line);
      }),
    );

  program
    .command('consumer:show')
    .description("Show a consumer's fields as a reviewer sees them (never its secret)")
    .argument('<consumerKey>', 'the consumer key')
    .option('--json', 'print JSON')
    .action((key: string, opts: { json?: boolean }) =>
      withContext(io, async (context) => {
        const consumer = await context.get(ConsumerLookup).findByKey(key);
        if (!consumer) throw AppError.notFound(`No consumer has the key ${key}.`);
        const shown = context.get(ConsumerMapper).toResponse(consumer, OPERATOR);
        if (opts.json) io.out(JSON.stringify(shown));
        else for (const line of describeConsumer(shown)) io.out(line);
      }),
    );

  program
    .command('consumer:review')
    .description('Approve, reject, disable or re-enable a consumer (logged without a performer: the operator)')
    .argument('<consumerKey>', 'the consumer key')
    .addOption(new Option('--action <action>', 'what to do').choices([...REVIEW_ACTIONS]).makeOptionMandatory())
    // Required except for approve, as on the review page and the API (reasonRequired()).
    .option('--reason <text>', 'why (required except for approve)')
    .option('--suppress', 'with reject or disable: also suppress it')
    .option('--json', 'print JSON')
    .action((key: string, opts: { action: ReviewAction; reason?: string; suppress?: boolean; json?: boolean }) =>
      withContext(io, async (context) => {
        const current = await context.get(ConsumerLookup).findByKey(key);
        if (!current) throw AppError.notFound(`No consumer has the key ${key}.`);
        const consumer = await context
          .get(ConsumerReviewService)
          .review(
            key,
            { action: opts.action, reason: opts.reason, suppress: opts.suppress },
            'system',
            current.revision,
          );
        const shown = context.get(ConsumerMapper).toResponse(consumer, undefined);
        io.out(
          opts.json
            ? JSON.stringify(shown)
            : `${shown.name} [${shown.version}] is now ${shown.stageName}${shown.suppressed ? ' (suppressed)' : ''}`,
        );
      }),
    );
}

const oauthName = (version: 1 | 2): string => (version === 1 ? 'OAuth 1.0a' : 'OAuth 2');

/**
 * Anyone may propose a consumer, so its name and description reach the operator's terminal:
 * control and formatting characters (escape sequences, bidirectional overrides) are spelt out.
 */
export function printable(text: string): string {
  return text.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}

/** `name: value`, a value of several lines continued with an indent. */
function field(name: string, value: string): string {
  return `${name}: ${value.split('\n').map(printable).join('\n  ')}`;
}

/** Left-aligned columns, two spaces apart. */
export function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** What the review page shows of a consumer, one field a line; hidden fields are named, not shown. */
function describeConsumer(c: ConsumerResponse): string[] {
  const yes = (flag: boolean) => (flag ? 'yes' : 'no');
  const lines = [
    `${printable(c.name)} [${printable(c.version)}]`,
    `consumerKey: ${c.consumerKey}`,
    `owner: ${printable(c.owner.username)} (id ${c.owner.id})`,
    `oauthVersion: ${oauthName(c.oauthVersion)}`,
    `stage: ${c.stageName} since ${c.stageTimestamp}`,
    `suppressed: ${yes(c.suppressed)}`,
    `registeredAt: ${c.registeredAt}`,
    field('description', c.description),
    `ownerOnly: ${yes(c.ownerOnly)}`,
    field('callbackUrl', c.callbackUrl || '(none)'),
  ];
  if (c.oauthVersion === 1) lines.push(`callbackIsPrefix: ${yes(c.callbackIsPrefix)}`);
  else {
    lines.push(`confidential: ${yes(c.oauth2IsConfidential)}`);
    lines.push(`grantTypes: ${c.oauth2GrantTypes?.join(', ') ?? '(none)'}`);
  }
  lines.push(`wiki: ${c.wiki}`, `grants: ${c.grants.join(', ')}`, `developerAgreement: ${yes(c.developerAgreement)}`);
  if (c.email !== undefined) lines.push(field('email', c.email || '(none)'));
  if (c.emailAuthenticated !== undefined) lines.push(`emailAuthenticated: ${c.emailAuthenticated ?? 'no'}`);
  if (c.restrictions !== undefined) lines.push(`restrictions: ${c.restrictions.join(', ')}`);
  if (c.rsaKey !== undefined && c.oauthVersion === 1) lines.push(field('rsaKey', c.rsaKey?.trim() || '(none)'));
  if (c.hiddenFields.length > 0) lines.push(`hidden: ${c.hiddenFields.join(', ')}`);
  return lines;
}
