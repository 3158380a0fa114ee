import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './app-config';

/** The setting that names the env file; without it, `.env` in the working directory is read if it exists. */
export const ENV_FILE = 'ENV_FILE';

/**
 * The environment the server and the CLI are configured from: the process environment over the
 * env file (docs/configuration.md#the-env-file), so that both read the same settings. A variable
 * present in the environment wins even when empty (`REDIS_URL= npm start` sets it aside).
 * The file is parsed, never loaded into `process.env`. A file ENV_FILE names must be readable.
 */
export function withEnvFile(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): NodeJS.ProcessEnv {
  const named = env[ENV_FILE];
  const file = resolve(cwd, named || '.env');
  if (!named && !existsSync(file)) return env;
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(
      `Invalid configuration: cannot read the env file ${file}${named ? ` (named by ${ENV_FILE})` : ''}: ${reason}`,
    );
  }
  return { ...parseEnv(content), ...env };
}
