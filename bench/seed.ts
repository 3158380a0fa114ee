import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Connection, createConnection } from 'mysql2/promise';
import { parseDatabaseUrl } from '../src/common/config/database-url';
import { randomToken, sha256Hex } from '../src/common/crypto/tokens';
import { ConsumerStage } from '../src/access/consumer-stage';
import { ALLOW_ALL } from '../src/common/net/ip-ranges';

/**
 * Filler rows for the scale benchmark: the hot paths (GET /auth/verify with a Bearer JWT, POST
 * /oauth2/introspect) must cost the same with 1,000 or 1,000,000 tokens and 100,000 consumers.
 * The rows go straight in with multi-row INSERTs rather than through the app's services: the
 * services (one transaction, one log row and one re-read per consumer) would take hours for a
 * million tokens, and only the table sizes matter here, not how the rows came to be.
 *
 *   node -r @swc-node/register bench/seed.ts <databaseUrl> <consumers> <tokens> <userId>
 */

export interface SeedCounts {
  consumers: number;
  tokens: number;
}

/** Rows per INSERT statement: ~1 MB of SQL for tokens, well under MariaDB's 16 MB max_allowed_packet. */
const BATCH = 5000;
/** Statements per transaction on MariaDB: one commit (one redo-log flush) per 50,000 rows, not per statement. */
const STATEMENTS_PER_TRANSACTION = 10;
const PROGRESS_EVERY = 100_000;

/** What a real OAuth 2 consumer proposed with defaults and `grants: ['editpage']` looks like (ConsumerValidator). */
const GRANTS = JSON.stringify(['basic', 'editpage']);
/** The default allow-list. */
const RESTRICTIONS = JSON.stringify(ALLOW_ALL);
const GRANT_TYPES = JSON.stringify(['authorization_code', 'refresh_token']);
const ACCESS_TTL_MS = 3600_000;
/** OAUTH2_REFRESH_TOKEN_TTL's default. */
const REFRESH_TTL_MS = 30 * 86_400_000;
/**
 * One token in five is a refresh token, in the same family as the access token before it, as the code grant issues
 * them.
 */
const REFRESH_EVERY = 5;

interface ConsumerRow {
  consumerKey: string;
  name: string;
  callbackUrl: string;
  secretSeed: string;
}
interface AuthorizationRow {
  consumerId: number;
  accessToken: string;
  accessSecretSeed: string;
}
interface TokenRow {
  tokenHash: string;
  kind: 'access' | 'refresh';
  consumerId: number;
  authorizationId: number;
  familyId: string;
  expiresAt: Date;
}

/** The owner's columns a proposal copies into the consumer (ConsumerProposalService). */
interface Owner {
  email: string;
  emailVerified: boolean;
}

/** Storage for one database flavour; the row generation below is shared. */
interface Sink {
  owner(userId: number): Promise<Owner | undefined>;
  /** Inserts the consumers; returns their ids in the same order. */
  consumers(rows: ConsumerRow[], common: ConsumerCommon): Promise<number[]>;
  /** Inserts the authorizations; returns their ids in the same order. */
  authorizations(rows: AuthorizationRow[], userId: number, now: Date): Promise<number[]>;
  tokens(rows: TokenRow[], userId: number, now: Date): Promise<void>;
  /** Makes everything so far durable (MariaDB: commits the running transaction). */
  checkpoint(): Promise<void>;
  close(failed: boolean): Promise<void>;
}

interface ConsumerCommon {
  ownerId: number;
  email: string;
  emailAuthenticated: Date | null;
  now: Date;
}

/**
 * Fills an already-migrated database with filler rows: `consumers` extra consumers (each with one
 * authorization for `userId`) and `tokens` extra oauth2_tokens rows spread over them. Returns what
 * it inserted and how long it took.
 */
export async function seedTables(
  databaseUrl: string,
  counts: SeedCounts,
  userId: number,
): Promise<{ consumers: number; tokens: number; seconds: number }> {
  const started = process.hrtime.bigint();
  for (const [name, value] of Object.entries({ consumers: counts.consumers, tokens: counts.tokens, userId })) {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new Error(`seedTables: ${name} must be a non-negative integer, not ${value}`);
  }
  if (counts.tokens > 0 && counts.consumers === 0)
    throw new Error('seedTables: tokens need at least one filler consumer to belong to');

  const settings = parseDatabaseUrl(databaseUrl);
  if (typeof settings === 'string') throw new Error(`seedTables: the database URL ${settings}`);
  const sink = settings.type === 'better-sqlite3' ? openSqlite(settings.database) : await openMysql(settings.url);
  let failed = true;
  try {
    const owner = await sink.owner(userId);
    if (!owner)
      throw new Error(
        `seedTables: there is no user ${userId} to own the filler consumers (create one with cli.js user:create)`,
      );
    const now = new Date();
    // Proposals copy the owner's address, and stamp it authenticated when the owner's is verified.
    const common: ConsumerCommon = {
      ownerId: userId,
      email: owner.email,
      emailAuthenticated: owner.emailVerified ? now : null,
      now,
    };

    // A tag per run keeps names unique per (name, owner, version) when a database is seeded twice.
    const run = randomBytes(4).toString('hex');
    const consumerIds = new Int32Array(counts.consumers);
    const authorizationIds = new Int32Array(counts.consumers);
    let done = 0;
    let reported = 0;
    const progress = (what: string, total: number) => {
      if (done - reported >= PROGRESS_EVERY || done === total) {
        process.stderr.write(
          `seed: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${what}` +
            ` (${elapsed(started).toFixed(1)} s)\n`,
        );
        reported = done;
      }
    };

    for (let start = 0; start < counts.consumers; start += BATCH) {
      const size = Math.min(BATCH, counts.consumers - start);
      const rows: ConsumerRow[] = [];
      for (let i = start; i < start + size; i += 1) {
        rows.push({
          consumerKey: hex(16),
          name: `Bench filler ${run} #${i + 1}`,
          secretSeed: hex(32),
          // OAuth 2 code-grant consumers need an https callback (validateCallbackUrl); .invalid never resolves.
          callbackUrl: `https://filler-${i + 1}.bench.invalid/callback`,
        });
      }
      const ids = await sink.consumers(rows, common);
      consumerIds.set(ids, start);
      // The owner's authorization of each, as the consent screen would leave it.
      const authorizations = await sink.authorizations(
        ids.map((consumerId) => ({ consumerId, accessToken: hex(16), accessSecretSeed: hex(32) })),
        userId,
        now,
      );
      authorizationIds.set(authorizations, start);
      done = start + size;
      progress('consumers (with one authorization each)', counts.consumers);
      if ((start / BATCH + 1) % STATEMENTS_PER_TRANSACTION === 0) await sink.checkpoint();
    }
    await sink.checkpoint();

    // Filler token hashes are SHA-256 of a secret random salt and a counter: unique by
    // construction, and since the salt is never stored or shown nobody holds a preimage, so no
    // filler row can be presented as a refresh token or matched by a JWT's jti. They only fill.
    const salt = randomBytes(32).toString('hex');
    const accessExpiry = new Date(now.getTime() + ACCESS_TTL_MS);
    const refreshExpiry = new Date(now.getTime() + REFRESH_TTL_MS);
    done = 0;
    reported = 0;
    let family = '';
    let consumer = 0;
    // One statement in flight while the next is built, so this process's hashing and string
    // building overlaps the server's inserting (two cores: one each).
    let inflight: Promise<void> | undefined;
    for (let start = 0; start < counts.tokens; start += BATCH) {
      const size = Math.min(BATCH, counts.tokens - start);
      const rows: TokenRow[] = new Array(size);
      for (let k = 0; k < size; k += 1) {
        const i = start + k;
        const refresh = i % REFRESH_EVERY === REFRESH_EVERY - 1;
        if (!refresh) {
          consumer = i % counts.consumers;
          // As AuthorizationCodes makes family ids.
          family = randomToken(16);
        }
        rows[k] = {
          tokenHash: sha256Hex(`${salt}:${i}`),
          kind: refresh ? 'refresh' : 'access',
          consumerId: consumerIds[consumer],
          authorizationId: authorizationIds[consumer],
          familyId: family,
          // In the future, so the janitor (which deletes a day after expiry) leaves them alone.
          expiresAt: refresh ? refreshExpiry : accessExpiry,
        };
      }
      await inflight;
      done = start;
      progress('oauth2_tokens', counts.tokens);
      inflight = sink.tokens(rows, userId, now);
      if ((start / BATCH + 1) % STATEMENTS_PER_TRANSACTION === 0) {
        await inflight;
        inflight = undefined;
        await sink.checkpoint();
      }
    }
    await inflight;
    done = counts.tokens;
    progress('oauth2_tokens', counts.tokens);
    await sink.checkpoint();
    failed = false;
  } finally {
    await sink.close(failed);
  }
  return { consumers: counts.consumers, tokens: counts.tokens, seconds: elapsed(started) };
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function elapsed(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

// ---------------------------------------------------------------------------------------------
// MariaDB / MySQL

/** How TypeORM writes a `datetime` with `timezone: 'Z'` (data-source-options): UTC, whole seconds. */
function mysqlDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

async function openMysql(url: string): Promise<Sink> {
  // The same connection settings as the app (buildDataSourceOptions): UTC, utf8mb4.
  const db: Connection = await createConnection({
    uri: url,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    connectTimeout: 5000,
  });
  // For this session only, and put back in close(): every id this script writes as a foreign key
  // was just read back from the table it points to (and the owner is checked first), and every
  // unique value is 128 random bits or a hash of a distinct counter, so the per-row foreign-key
  // lookups (consumers, authorizations) and unique checks only cost time. Measured on a busy
  // 2-core machine: 100,000 consumers + 400,000 tokens 17 s with them, 14-16 s without; with
  // 1,000,000 tokens, 71 s with them and 49 s without. No index is dropped or disabled: all are
  // maintained as usual, so the tables end up exactly as if the app had written the rows.
  await db.query('SET SESSION foreign_key_checks = 0, SESSION unique_checks = 0');
  await db.beginTransaction();

  const q = (value: unknown): string => db.escape(value);
  return {
    async owner(userId) {
      const [rows] = await db.query('SELECT email, emailVerified FROM users WHERE id = ?', [userId]);
      const row = (rows as { email: string | null; emailVerified: number }[])[0];
      return row && { email: row.email ?? '', emailVerified: Boolean(row.emailVerified) };
    },

    async consumers(rows, c) {
      // Everything but the key, name, callback and seed is the same for every row: escaped once.
      const now = q(mysqlDate(c.now));
      const head = `${c.ownerId},'1.0',`;
      const emailAuthenticated = c.emailAuthenticated ? q(mysqlDate(c.emailAuthenticated)) : 'NULL';
      const tail =
        `,0,${q('Filler consumer for the scale benchmark; never used.')},${q(c.email)},${emailAuthenticated},` +
        `1,0,2,'*',${q(GRANTS)},${now},`;
      const tail2 = `,NULL,${q(RESTRICTIONS)},${ConsumerStage.Approved},${now},0,1,${q(GRANT_TYPES)},1)`;
      const values = rows.map(
        (r) => `('${r.consumerKey}',${q(r.name)},${head}${q(r.callbackUrl)}${tail}'${r.secretSeed}'${tail2}`,
      );
      await db.query(
        'INSERT INTO consumers (consumerKey, name, ownerId, version, callbackUrl, callbackIsPrefix, description,' +
          ' email, emailAuthenticated, developerAgreement, ownerOnly, oauthVersion, wiki, grants, registeredAt,' +
          ' secretSeed, rsaKey, restrictions, stage, stageTimestamp, deleted,' +
          ` oauth2IsConfidential, oauth2GrantTypes, revision) VALUES ${values.join(',')}`,
      );
      // Read the ids back by key rather than trusting insertId + n: consecutive ids are only
      // promised under some innodb_autoinc_lock_mode settings and without concurrent writers.
      const keys = rows.map((r) => `'${r.consumerKey}'`).join(',');
      const [found] = await db.query(`SELECT id, consumerKey FROM consumers WHERE consumerKey IN (${keys})`);
      const byKey = new Map((found as { id: number; consumerKey: string }[]).map((f) => [f.consumerKey, f.id]));
      return rows.map((r) => byKey.get(r.consumerKey)!);
    },

    async authorizations(rows, userId, now) {
      const tail = `,'*',${q(GRANTS)},${q(mysqlDate(now))},2,`;
      const values = rows.map((r) => `(${userId},${r.consumerId}${tail}'${r.accessToken}','${r.accessSecretSeed}')`);
      await db.query(
        'INSERT INTO authorizations (userId, consumerId, wiki, grants, acceptedAt, oauthVersion, accessToken,' +
          ` accessSecretSeed) VALUES ${values.join(',')}`,
      );
      const [found] = await db.query(
        "SELECT id, consumerId FROM authorizations WHERE userId = ? AND wiki = '*'" +
          ` AND consumerId IN (${rows.map((r) => r.consumerId).join(',')})`,
        [userId],
      );
      const byConsumer = new Map((found as { id: number; consumerId: number }[]).map((f) => [f.consumerId, f.id]));
      return rows.map((r) => byConsumer.get(r.consumerId)!);
    },

    async tokens(rows, userId, now) {
      const created = q(mysqlDate(now));
      const shared = `${userId},${q(GRANTS)},'authorization_code',`;
      const expiries = new Map<number, string>();
      const values = rows.map((r) => {
        let expires = expiries.get(r.expiresAt.getTime());
        if (expires === undefined) expiries.set(r.expiresAt.getTime(), (expires = q(mysqlDate(r.expiresAt))));
        return (
          `('${r.tokenHash}','${r.kind}',${r.consumerId},${r.authorizationId},` +
          `${shared}'${r.familyId}',${created},${expires})`
        );
      });
      await db.query(
        'INSERT INTO oauth2_tokens (tokenHash, kind, consumerId, authorizationId, userId, scopes, grantType,' +
          ` familyId, createdAt, expiresAt) VALUES ${values.join(',')}`,
      );
    },

    async checkpoint() {
      await db.commit();
      await db.beginTransaction();
    },

    async close(failed) {
      try {
        if (failed) await db.rollback();
        else await db.commit();
        await db.query('SET SESSION foreign_key_checks = 1, SESSION unique_checks = 1');
      } finally {
        await db.end();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SQLite

/** The little of better-sqlite3 used here (the project has no @types for it). */
interface SqliteStatement {
  run(...params: unknown[]): { lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  pragma(sql: string): unknown;
  exec(sql: string): void;
  close(): void;
  inTransaction: boolean;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BetterSqlite3 = require('better-sqlite3') as new (
  file: string,
  options?: { fileMustExist?: boolean },
) => SqliteDatabase;

/** How TypeORM writes a `datetime` to SQLite (DateUtils.mixedDateToUtcDatetimeString): UTC, milliseconds. */
function sqliteDate(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

function openSqlite(file: string): Sink {
  if (file === ':memory:')
    throw new Error('seedTables: an in-memory SQLite database is gone when this connection closes');
  // The same pragmas as the app (buildDataSourceOptions). Foreign keys stay on: on SQLite the
  // checks are primary-key lookups and cost little next to the one-transaction speed-up.
  const db = new BetterSqlite3(resolve(file), { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // One transaction for everything: SQLite's cost is the commit (a sync per transaction), not the rows.
  db.exec('BEGIN');

  const insertConsumer = db.prepare(
    'INSERT INTO consumers (consumerKey, name, ownerId, version, callbackUrl, callbackIsPrefix, description, email,' +
      ' emailAuthenticated, developerAgreement, ownerOnly, oauthVersion, wiki, grants, registeredAt, secretSeed,' +
      ' rsaKey, restrictions, stage, stageTimestamp, deleted, oauth2IsConfidential, oauth2GrantTypes, revision)' +
      " VALUES (?, ?, ?, '1.0', ?, 0, ?, ?, ?, 1, 0, 2, '*', ?, ?, ?, NULL, ?, ?, ?, 0, 1, ?, 1)",
  );
  const insertAuthorization = db.prepare(
    'INSERT INTO authorizations (userId, consumerId, wiki, grants, acceptedAt, oauthVersion, accessToken,' +
      ' accessSecretSeed)' +
      " VALUES (?, ?, '*', ?, ?, 2, ?, ?)",
  );
  const insertToken = db.prepare(
    'INSERT INTO oauth2_tokens (tokenHash, kind, consumerId, authorizationId, userId, scopes, grantType, familyId,' +
      ' createdAt, expiresAt)' +
      " VALUES (?, ?, ?, ?, ?, ?, 'authorization_code', ?, ?, ?)",
  );
  const id = (result: { lastInsertRowid: number | bigint }) => Number(result.lastInsertRowid);

  return {
    async owner(userId) {
      const row = db.prepare('SELECT email, emailVerified FROM users WHERE id = ?').get(userId) as
        { email: string | null; emailVerified: number } | undefined;
      return row && { email: row.email ?? '', emailVerified: Boolean(row.emailVerified) };
    },
    async consumers(rows, c) {
      const now = sqliteDate(c.now);
      const authenticated = c.emailAuthenticated ? sqliteDate(c.emailAuthenticated) : null;
      const description = 'Filler consumer for the scale benchmark; never used.';
      return rows.map((r) =>
        id(
          insertConsumer.run(
            r.consumerKey,
            r.name,
            c.ownerId,
            r.callbackUrl,
            description,
            c.email,
            authenticated,
            GRANTS,
            now,
            r.secretSeed,
            RESTRICTIONS,
            ConsumerStage.Approved,
            now,
            GRANT_TYPES,
          ),
        ),
      );
    },
    async authorizations(rows, userId, now) {
      const accepted = sqliteDate(now);
      return rows.map((r) =>
        id(insertAuthorization.run(userId, r.consumerId, GRANTS, accepted, r.accessToken, r.accessSecretSeed)),
      );
    },
    async tokens(rows, userId, now) {
      const created = sqliteDate(now);
      for (const r of rows)
        insertToken.run(
          r.tokenHash,
          r.kind,
          r.consumerId,
          r.authorizationId,
          userId,
          GRANTS,
          r.familyId,
          created,
          sqliteDate(r.expiresAt),
        );
    },
    async checkpoint() {
      // Nothing: everything commits at once in close().
    },
    async close(failed) {
      try {
        if (db.inTransaction) db.exec(failed ? 'ROLLBACK' : 'COMMIT');
      } finally {
        db.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------

if (require.main === module) {
  const [url, consumers, tokens, userId] = process.argv.slice(2);
  const number = (value: string | undefined) => Number((value ?? '').replace(/[_,]/g, ''));
  if (!url || !consumers || !tokens || !userId) {
    process.stderr.write(
      'usage: node -r @swc-node/register bench/seed.ts <databaseUrl> <consumers> <tokens> <userId>\n',
    );
    process.exit(2);
  }
  seedTables(url, { consumers: number(consumers), tokens: number(tokens) }, number(userId)).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`seed: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
