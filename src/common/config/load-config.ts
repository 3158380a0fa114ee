import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { ConfigError, EnvironmentSchema } from './app-config';
import { parseAutoApproveConfig } from './auto-approval';
import { AppConfig } from './app-config.service';
import { parseDatabaseUrl } from './database-url';

/** Values that must never be echoed back in an error line. */
const SECRET_VARIABLES = new Set([
  'SECRET_KEY',
  'ADMIN_PASSWORD',
  'DATABASE_URL',
  'REDIS_URL',
  'REDIS_PASSWORD',
  'REDIS_SENTINEL_PASSWORD',
  'SMTP_URL',
  'GATEWAY_SECRET',
]);

export interface LoadConfigOptions {
  /** Called with a warning line, e.g. when a development SECRET_KEY is generated. */
  warn?: (message: string) => void;
}

/**
 * Validates the environment once at boot. Throws ConfigError whose message is one readable
 * line naming the first bad variable, so the process can print it and exit.
 * The entry points pass `withEnvFile(process.env)` (the server, the CLI, the TypeORM CLI read
 * the same file); tests pass a record they built.
 */
export function loadConfig(env: NodeJS.ProcessEnv, options: LoadConfigOptions = {}): AppConfig {
  // An empty assignment (FOO=) in an env file means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const schema = plainToInstance(EnvironmentSchema, present, { exposeDefaultValues: true });
  const errors = validateSync(schema, { forbidUnknownValues: false, stopAtFirstError: true });
  if (errors.length > 0) throw new ConfigError(describe(errors[0], present));

  const topologies = [
    schema.REDIS_URL,
    schema.REDIS_SENTINELS.length > 0,
    schema.REDIS_CLUSTER_NODES.length > 0,
  ].filter(Boolean).length;
  if (topologies > 1)
    throw new ConfigError(
      'Invalid configuration: set one of REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES, not several',
    );
  if (schema.REDIS_SENTINELS.length > 0 && !schema.REDIS_SENTINEL_NAME)
    throw new ConfigError(
      'Invalid configuration: REDIS_SENTINELS needs REDIS_SENTINEL_NAME (the master set they monitor)',
    );
  const database = parseDatabaseUrl(schema.DATABASE_URL);
  if (typeof database === 'string') throw new ConfigError(`Invalid configuration: DATABASE_URL ${database}`);
  const publicUrl = (schema.PUBLIC_URL ?? `http://localhost:${schema.PORT}`).replace(/\/+$/, '');
  const autoApprove = parseJsonVariable('AUTO_APPROVE', schema.AUTO_APPROVE, parseAutoApproveConfig, []);
  const secretKey = schema.SECRET_KEY ?? developmentSecret(schema, options.warn ?? (() => undefined));
  return new AppConfig(schema, { publicUrl, database, secretKey, autoApprove });
}

/** A JSON-valued variable, parsed and checked by `parse`; a failure names the variable. */
function parseJsonVariable<T>(name: string, raw: string | undefined, parse: (value: unknown) => T, fallback: T): T {
  if (raw === undefined) return fallback;
  try {
    return parse(JSON.parse(raw));
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${name} is invalid: ${(error as Error).message}`);
  }
}

function describe(error: ValidationError, env: Record<string, unknown>): string {
  const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  const name = error.property;
  const shown = SECRET_VARIABLES.has(name) || env[name] === undefined ? '' : ` (got "${shownSetting(env[name])}")`;
  const text = message.startsWith(name) ? message : `${name} ${message}`;
  return `Invalid configuration: ${text}${shown}`;
}

/**
 * Without SECRET_KEY, development keeps a generated key in the data folder so that secrets
 * derived from it survive restarts; production refuses to guess.
 */
function developmentSecret(schema: EnvironmentSchema, warn: (message: string) => void): string {
  if (schema.NODE_ENV === 'production') {
    throw new ConfigError('Invalid configuration: SECRET_KEY is required when NODE_ENV=production');
  }
  const dir = resolve(schema.DATA_DIR);
  const file = join(dir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  warn(`SECRET_KEY is not set: generated one into ${file}. Set SECRET_KEY in production.`);
  return key;
}

/** A setting's value as the error message shows it: at most 80 characters. */
function shownSetting(value: unknown): string {
  return (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 80);
}
