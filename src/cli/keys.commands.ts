import { Command } from 'commander';
import { AppError } from '../common/errors/app-error';
import { SigningKeys } from '../keys/signing-keys.service';
import { CliIo, withContext } from './cli-io';

export function registerKeyCommands(program: Command, io: CliIo): void {
  program
    .command('keys:rotate')
    .description('Create a new token signing key: published in JWKS at once, signing after --activate-in seconds')
    .option(
      '--activate-in <seconds>',
      'seconds before the new key signs (give every instance and client time to fetch JWKS)',
      '3600',
    )
    .action((opts: { activateIn: string }) =>
      withContext(io, async (context) => {
        const seconds = Number(opts.activateIn);
        if (!Number.isInteger(seconds) || seconds < 0 || seconds > 30 * 86400)
          throw AppError.badRequest('--activate-in must be a whole number of seconds (0 to 2592000).');
        const { kid, activatesAt } = await context.get(SigningKeys).rotate(seconds);
        io.out(
          `New signing key ${kid}: published now, signs from ${activatesAt.toISOString()}. ` +
            'Older keys stay published until their tokens expire.',
        );
      }),
    );
}
