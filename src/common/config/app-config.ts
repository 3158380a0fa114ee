import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { parseBoolean, parseList } from './env-parsers';

/** host:port, with an IPv6 host in brackets. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;

/** Raised when the environment is invalid; its message is one readable line naming the variable. */
export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NAME = /^[A-Za-z0-9_-]+$/;

/**
 * The environment, as the application sees it. Decorators run bottom-up and only the first failure
 * is reported, so each type check stands last on its line (it is checked first). Every variable is
 * documented in .env.example. Built once at boot by loadConfig(); feature code injects it and never
 * reads process.env.
 */
export class EnvironmentSchema {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(({ value }) => Number(value))
  @Max(65535)
  @Min(0)
  @IsInt()
  PORT = 3000;

  @IsString()
  @Matches(/^[0-9a-fA-F.:]+$|^localhost$/, { message: 'must be an IP address to listen on' })
  HOST = '0.0.0.0';

  @IsOptional()
  @Matches(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, { message: 'must be an http(s) URL without query or fragment' })
  PUBLIC_URL?: string;

  @IsString()
  @Matches(/^(sqlite|mysql|mariadb):/, { message: 'must start with sqlite:, mysql:// or mariadb://' })
  DATABASE_URL = 'sqlite:data/consentry.sqlite';

  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  MIGRATIONS_RUN = true;

  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Redis Sentinel: the sentinels (host:port, …), with REDIS_SENTINEL_NAME naming the master set. */
  @Transform(({ value }) => parseList(value))
  @Matches(HOST_PORT, { each: true, message: 'must be host:port pairs' })
  REDIS_SENTINELS: string[] = [];

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be the master set name the sentinels monitor' })
  REDIS_SENTINEL_NAME?: string;

  @IsOptional()
  @IsString()
  REDIS_SENTINEL_PASSWORD?: string;

  /** Redis Cluster: some of its nodes (host:port, …); the rest are discovered. */
  @Transform(({ value }) => parseList(value))
  @Matches(HOST_PORT, { each: true, message: 'must be host:port pairs' })
  REDIS_CLUSTER_NODES: string[] = [];

  /** The data nodes' password (AUTH) for Sentinel and Cluster; with REDIS_URL it is in the URL. */
  @IsOptional()
  @IsString()
  REDIS_PASSWORD?: string;

  /** TLS to the data nodes for Sentinel and Cluster; with REDIS_URL, say rediss://. */
  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  REDIS_TLS = false;

  /**
   * Put before every key and the invalidation channel, so that several deployments (staging and
   * production, two sites) can share one Redis without seeing each other's sessions, limits or
   * single-use values. No braces: a key's hash tag must stay the one Consentry chose (Cluster).
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_.-]{1,64}$/, { message: 'must be 1 to 64 letters, digits or : _ . -' })
  REDIS_KEY_PREFIX?: string;

  /**
   * How long a Redis command may go unanswered before it fails (503 to the caller) instead of
   * holding the request: a hung connection, a slot refresh or a failover costs bounded refusals.
   */
  @Transform(({ value }) => Number(value))
  @Max(60_000)
  @Min(100)
  @IsInt()
  REDIS_COMMAND_TIMEOUT_MS = 2000;

  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @IsString()
  SECRET_KEY?: string;

  @MinLength(1)
  @IsString()
  DATA_DIR = 'data';

  @IsOptional()
  @Matches(/^[^\s/@:#<>[\]|{}]{1,85}$/, { message: 'is not a valid username' })
  ADMIN_USERNAME?: string;

  @ValidateIf((env: EnvironmentSchema) => env.ADMIN_USERNAME !== undefined)
  @MinLength(8, { message: 'must be at least 8 characters' })
  @IsString({ message: 'is required when ADMIN_USERNAME is set' })
  ADMIN_PASSWORD?: string;

  /**
   * The bootstrap admin's email address, taken as confirmed (the operator vouches for it), so the
   * admin can propose apps at once. Set only on a new account or one without an address.
   */
  @IsOptional()
  @MaxLength(255)
  @Matches(/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  /**
   * A second listener for health, readiness and /metrics (docs/operations.md#management-listener),
   * like Keycloak's management port; unset: none.
   */
  @IsOptional()
  @Transform(({ value }) => (value === '' || value === undefined ? undefined : Number(value)))
  @Max(65535)
  @Min(1)
  @IsInt()
  MANAGEMENT_PORT?: number;

  /**
   * /metrics on the public listener. Default: on in development and test, off in production (then
   * only on MANAGEMENT_PORT).
   */
  @IsOptional()
  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  METRICS_PUBLIC?: boolean;

  /**
   * Maintenance (MediaWiki's $wgMWOAuthReadOnly): everything that only reads keeps working, every
   * write answers 503 with READ_ONLY_MESSAGE (docs/operations.md#read-only-mode).
   */
  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  READ_ONLY = false;

  @MaxLength(500)
  @IsString()
  READ_ONLY_MESSAGE = 'Consentry is in read-only mode for maintenance; try again later.';

  @Transform(({ value }) => parseList(value))
  @Matches(/^[0-9a-fA-F.:/]+$|^(loopback|linklocal|uniquelocal)$/, {
    each: true,
    message: 'must be IP addresses or CIDR ranges',
  })
  TRUST_PROXY: string[] = [];

  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  ALLOW_REGISTRATION = true;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @IsOptional()
  @IsString()
  RIGHTS_FILE?: string;

  @IsOptional()
  @Matches(/^(smtps?|direct):/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @MaxLength(200)
  @IsString()
  MAIL_FROM = 'Consentry <no-reply@localhost>';

  @Transform(({ value }) => Number(value))
  @Max(365 * 86400)
  @Min(60)
  @IsInt()
  SESSION_TTL_SECONDS = 7 * 86400;

  /** A session unused this long ends, whatever its lifetime left (OWASP session management: idle timeout). */
  @Transform(({ value }) => Number(value))
  @Max(365 * 86400)
  @Min(60)
  @IsInt()
  SESSION_IDLE_SECONDS = 86400;

  @Transform(({ value }) => Number(value))
  @Max(10000)
  @Min(1)
  @IsInt()
  LOGIN_MAX_FAILURES_PER_ACCOUNT = 10;

  @Transform(({ value }) => Number(value))
  @Max(100000)
  @Min(1)
  @IsInt()
  LOGIN_MAX_FAILURES_PER_IP = 100;

  @Transform(({ value }) => Number(value))
  @Max(86400)
  @Min(1)
  @IsInt()
  LOGIN_THROTTLE_SECONDS = 900;

  @IsOptional()
  @IsString()
  GRANTS_FILE?: string;

  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  OAUTH1_ALLOW_PLAINTEXT = false;

  @Matches(/^(\*|[A-Za-z0-9_.-]{1,64})$/, { message: 'must be * or a wiki id' })
  WIKI_ID = '*';

  @IsOptional()
  @MinLength(32, { message: 'must be at least 32 characters' })
  @IsString()
  GATEWAY_SECRET?: string;

  @Transform(({ value }) => parseList(value))
  @Matches(/^[a-z0-9_-]+$/i, { each: true, message: 'must be API action names' })
  DISABLED_API_ACTIONS: string[] = [];

  @IsIn(['ES256', 'RS256', 'EdDSA'], { message: 'must be ES256, RS256 or EdDSA' })
  OAUTH2_SIGNING_ALG: 'ES256' | 'RS256' | 'EdDSA' = 'ES256';

  @Transform(({ value }) => Number(value))
  @Max(86400)
  @Min(60)
  @IsInt()
  OAUTH2_ACCESS_TOKEN_TTL = 3600;

  @Transform(({ value }) => Number(value))
  @Max(365 * 86400)
  @Min(60)
  @IsInt()
  OAUTH2_REFRESH_TOKEN_TTL = 30 * 86400;

  @Transform(({ value }) => Number(value))
  @Max(10 * 365 * 86400)
  @Min(60)
  @IsInt()
  OAUTH2_OWNER_ONLY_TOKEN_TTL = 365 * 86400;

  @Transform(({ value }) => Number(value))
  @Max(3600)
  @Min(0)
  @IsInt()
  OAUTH2_REFRESH_GRACE_SECONDS = 0;

  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  OAUTH2_ALLOW_PLAIN_PKCE = false;

  @Transform(({ value }) => Number(value))
  @Max(60_000)
  @Min(0)
  @IsInt()
  HOT_CACHE_TTL_MS = 5000;

  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  REQUIRE_CONFIRMED_EMAIL = true;

  @Transform(({ value }) => Number(value))
  @Max(3650)
  @Min(0)
  @IsInt()
  PROPOSAL_EXPIRY_DAYS = 30;

  /**
   * Four eyes on review (docs/security.md): true lets a reviewer decide on their own proposals, for
   * a site with one administrator.
   */
  @Transform(({ value }) => parseBoolean(value))
  @IsBoolean({ message: 'must be true or false' })
  ALLOW_SELF_REVIEW = false;

  /** Private-use callback schemes allowed although not in reverse-domain form (RFC 8252 §7.1), such as `myapp`. */
  @Transform(({ value }) => parseList(value))
  @Matches(/^[a-z][a-z0-9+.-]*$/, { each: true, message: 'must be URL scheme names (lower case, no colon)' })
  ALLOWED_CALLBACK_SCHEMES: string[] = [];

  @Transform(({ value }) => Number(value))
  @Max(10000)
  @Min(1)
  @IsInt()
  PROPOSALS_PER_HOUR = 10;

  @IsOptional()
  @IsString()
  AUTO_APPROVE?: string;

  @Transform(({ value }) => parseList(value))
  @Matches(NAME, { each: true, message: 'must be group names' })
  NOTIFY_GROUPS: string[] = ['oauthadmin'];

  @IsOptional()
  @IsString()
  STATIC_CONSUMERS_FILE?: string;

  @Transform(({ value }) => parseList(value))
  @Matches(NAME, { each: true, message: 'must be group names' })
  ADMIN_GROUPS: string[] = ['sysop', 'oauthadmin', 'suppress'];
}
