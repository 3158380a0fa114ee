import { Command, Option } from 'commander';
import { PrincipalService } from '../caller/principal.service';
import { AppError } from '../common/errors/app-error';
import { ConsumerMapper } from '../consumers/consumer.mapper';
import { ConsumerLookup } from '../consumers/consumer-lookup.service';
import { ConsumerProposalService } from '../registration/consumer-proposal.service';
import { ConsumerReviewService } from '../consumers/consumer-review.service';
import { ConsumerStage } from '../access/consumer-stage';
import { REVIEW_ACTIONS, ReviewAction } from '../consumers/dto/review-consumer.dto';
import { UsersService } from '../users/users.service';
import { CliIo, withContext } from './cli-io';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

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
                ...(result.credentials
                  ? [
                      `accessToken: ${result.credentials.accessToken}`,
                      `accessSecret: ${result.credentials.accessSecret}`,
                    ]
                  : []),
              ].join('\n'),
        );
      }),
    );

  program
    .command('consumer:review')
    .description('Approve, reject, disable or re-enable a consumer (logged without a performer: the operator)')
    .argument('<consumerKey>', 'the consumer key')
    .addOption(new Option('--action <action>', 'what to do').choices([...REVIEW_ACTIONS]).makeOptionMandatory())
    .requiredOption('--reason <text>', 'why')
    .option('--suppress', 'with reject or disable: also suppress it')
    .option('--json', 'print JSON')
    .action((key: string, opts: { action: ReviewAction; reason: string; suppress?: boolean; json?: boolean }) =>
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
