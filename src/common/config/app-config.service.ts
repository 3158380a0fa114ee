import { EnvironmentSchema } from './app-config';
import type { AutoApproveCondition } from './auto-approval';
import { DatabaseSettings } from './database-url';

/**
 * One of the three Redis topologies operators run (docs/operations.md, "Redis"), and how long a
 * command may go unanswered before it fails (REDIS_COMMAND_TIMEOUT_MS).
 */
export type RedisSettings = { commandTimeoutMs: number; keyPrefix: string } & (
  | { topology: 'standalone'; url: string }
  | {
      topology: 'sentinel';
      sentinels: HostPort[];
      name: string;
      sentinelPassword?: string;
      password?: string;
      tls: boolean;
    }
  | { topology: 'cluster'; nodes: HostPort[]; password?: string; tls: boolean }
);

export interface HostPort {
  host: string;
  port: number;
}

/** The topology the settings name; more than one named is refused by loadConfig. */
function redisSettings(env: EnvironmentSchema): RedisSettings | undefined {
  const hostPorts = (list: string[]) =>
    list.map((entry) => {
      const colon = entry.lastIndexOf(':');
      return { host: entry.slice(0, colon).replace(/^\[|\]$/g, ''), port: Number(entry.slice(colon + 1)) };
    });
  if (env.REDIS_CLUSTER_NODES.length > 0)
    return {
      topology: 'cluster',
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      keyPrefix: env.REDIS_KEY_PREFIX ?? '',
      nodes: hostPorts(env.REDIS_CLUSTER_NODES),
      password: env.REDIS_PASSWORD,
      tls: env.REDIS_TLS,
    };
  if (env.REDIS_SENTINELS.length > 0) {
    return {
      topology: 'sentinel',
      commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      keyPrefix: env.REDIS_KEY_PREFIX ?? '',
      sentinels: hostPorts(env.REDIS_SENTINELS),
      name: env.REDIS_SENTINEL_NAME!,
      sentinelPassword: env.REDIS_SENTINEL_PASSWORD,
      password: env.REDIS_PASSWORD,
      tls: env.REDIS_TLS,
    };
  }
  return env.REDIS_URL
    ? {
        topology: 'standalone',
        commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
        keyPrefix: env.REDIS_KEY_PREFIX ?? '',
        url: env.REDIS_URL,
      }
    : undefined;
}

/** The validated configuration, injected wherever settings are needed. */
export class AppConfig {
  readonly nodeEnv: EnvironmentSchema['NODE_ENV'];
  readonly port: number;
  readonly host: string;
  /** The issuer and base of every absolute URL, without a trailing slash. */
  readonly publicUrl: string;
  readonly publicOrigin: string;
  readonly secureCookies: boolean;
  readonly database: DatabaseSettings;
  readonly migrationsRun: boolean;
  /** Where shared state lives; undefined: in this process (one instance only). */
  readonly redis?: RedisSettings;
  readonly secretKey: string;
  readonly dataDir: string;
  readonly admin?: { username: string; password: string; groups: string[]; email?: string };
  /** The management listener's port (health, readiness, /metrics); undefined: none. */
  readonly managementPort?: number;
  /** Whether the public listener serves /metrics too. */
  readonly metricsPublic: boolean;
  /** Read-only mode: every write answers 503 with `message`. */
  readonly readOnly: { enabled: boolean; message: string };
  readonly trustProxy: string[];
  readonly allowRegistration: boolean;
  readonly logLevel: EnvironmentSchema['LOG_LEVEL'];
  readonly rightsFile?: string;
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  readonly sessionTtlSeconds: number;
  /** A session unused for this long ends (at most sessionTtlSeconds from its start in any case). */
  readonly sessionIdleSeconds: number;
  /**
   * How long a hot-path cache entry may serve other instances' writes unseen if a Redis message is
   * lost; 0: no caching.
   */
  readonly hotCacheTtlMs: number;
  readonly loginThrottle: { perAccount: number; perIp: number; seconds: number };
  /** OAuth 1.0a PLAINTEXT signatures: for debugging only (docs/mediawiki-compatibility.md#signatures-and-tokens). */
  readonly oauth1AllowPlaintext: boolean;
  /**
   * The gateway side (docs/mediawiki-compatibility.md#gateway): this API's wiki id, the shared
   * secret, refused actions.
   */
  readonly gateway: { wikiId: string; secret?: string; disabledActions: string[] };
  readonly oauth2: {
    signingAlg: 'ES256' | 'RS256' | 'EdDSA';
    accessTokenTtl: number;
    refreshTokenTtl: number;
    ownerOnlyTokenTtl: number;
    refreshGraceSeconds: number;
    allowPlainPkce: boolean;
  };
  readonly consumers: {
    requireConfirmedEmail: boolean;
    proposalExpiryDays: number;
    proposalsPerHour: number;
    /** A reviewer may approve, reject, disable or re-enable their own proposal (off: four eyes). */
    allowSelfReview: boolean;
    /** Private-use callback schemes allowed though not in reverse-domain form. */
    allowedCallbackSchemes: string[];
    autoApprove: AutoApproveCondition[];
    notifyGroups: string[];
    staticConsumersFile?: string;
    grantsFile?: string;
  };

  constructor(
    env: EnvironmentSchema,
    derived: { publicUrl: string; database: DatabaseSettings; secretKey: string; autoApprove: AutoApproveCondition[] },
  ) {
    this.nodeEnv = env.NODE_ENV;
    this.port = env.PORT;
    this.host = env.HOST;
    this.publicUrl = derived.publicUrl;
    this.publicOrigin = new URL(derived.publicUrl).origin;
    this.secureCookies = this.publicOrigin.startsWith('https:');
    this.database = derived.database;
    this.migrationsRun = env.MIGRATIONS_RUN;
    this.redis = redisSettings(env);
    this.secretKey = derived.secretKey;
    this.dataDir = env.DATA_DIR;
    this.admin =
      env.ADMIN_USERNAME && env.ADMIN_PASSWORD
        ? {
            username: env.ADMIN_USERNAME,
            password: env.ADMIN_PASSWORD,
            groups: env.ADMIN_GROUPS,
            email: env.ADMIN_EMAIL,
          }
        : undefined;
    this.managementPort = env.MANAGEMENT_PORT;
    this.metricsPublic = env.METRICS_PUBLIC ?? env.NODE_ENV !== 'production';
    this.readOnly = { enabled: env.READ_ONLY, message: env.READ_ONLY_MESSAGE };
    this.trustProxy = env.TRUST_PROXY;
    this.allowRegistration = env.ALLOW_REGISTRATION;
    this.logLevel = env.LOG_LEVEL;
    this.rightsFile = env.RIGHTS_FILE;
    this.smtpUrl = env.SMTP_URL;
    this.mailFrom = env.MAIL_FROM;
    this.sessionTtlSeconds = env.SESSION_TTL_SECONDS;
    this.sessionIdleSeconds = env.SESSION_IDLE_SECONDS;
    this.hotCacheTtlMs = env.HOT_CACHE_TTL_MS;
    this.loginThrottle = {
      perAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perIp: env.LOGIN_MAX_FAILURES_PER_IP,
      seconds: env.LOGIN_THROTTLE_SECONDS,
    };
    this.oauth1AllowPlaintext = env.OAUTH1_ALLOW_PLAINTEXT;
    this.gateway = { wikiId: env.WIKI_ID, secret: env.GATEWAY_SECRET, disabledActions: env.DISABLED_API_ACTIONS };
    this.oauth2 = {
      signingAlg: env.OAUTH2_SIGNING_ALG,
      accessTokenTtl: env.OAUTH2_ACCESS_TOKEN_TTL,
      refreshTokenTtl: env.OAUTH2_REFRESH_TOKEN_TTL,
      ownerOnlyTokenTtl: env.OAUTH2_OWNER_ONLY_TOKEN_TTL,
      refreshGraceSeconds: env.OAUTH2_REFRESH_GRACE_SECONDS,
      allowPlainPkce: env.OAUTH2_ALLOW_PLAIN_PKCE,
    };
    this.consumers = {
      requireConfirmedEmail: env.REQUIRE_CONFIRMED_EMAIL,
      proposalExpiryDays: env.PROPOSAL_EXPIRY_DAYS,
      proposalsPerHour: env.PROPOSALS_PER_HOUR,
      allowSelfReview: env.ALLOW_SELF_REVIEW,
      allowedCallbackSchemes: env.ALLOWED_CALLBACK_SCHEMES,
      autoApprove: derived.autoApprove,
      notifyGroups: env.NOTIFY_GROUPS,
      staticConsumersFile: env.STATIC_CONSUMERS_FILE,
      grantsFile: env.GRANTS_FILE,
    };
  }

  /** An absolute URL under PUBLIC_URL. */
  url(path: string): string {
    return `${this.publicUrl}${path.startsWith('/') ? path : `/${path}`}`;
  }
}
