import { measure } from './measure';
import { Row } from './report';
import { seedTables } from './seed';
import { BenchServer, startServer } from './server';

interface ScaleInput {
  /** Owns the filler consumers and their authorizations. */
  ownerId: number;
  bearer: string;
  introspect: { auth: string; token: string };
  original: Record<string, string>;
}

const SMALL = { consumers: 100, tokens: 1_000 };
const LARGE = {
  consumers: Number(process.env.BENCH_SCALE_CONSUMERS ?? 100_000),
  tokens: Number(process.env.BENCH_SCALE_TOKENS ?? 1_000_000),
};

/**
 * Scenarios 2 and 6 with 1,000 and then 1,000,000 token rows and 100,000 consumers. Warm caches
 * would hide the tables entirely, so they run on a second server on the same database with
 * HOT_CACHE_TTL_MS=0: every request then reads its token row, client, user and authorization
 * by index, which is the cost that must not grow with the tables. It shares the first server's
 * PUBLIC_URL (the issuer), as instances behind one load balancer do.
 */
export async function scaleRows(main: BenchServer, input: ScaleInput): Promise<Row[]> {
  const { ownerId } = input;
  const uncached = await startServer(Number(new URL(main.url).port) + 1, {
    database: main.database,
    env: { HOT_CACHE_TTL_MS: '0', MIGRATIONS_RUN: 'false', PUBLIC_URL: main.url },
  });
  const rows: Row[] = [];
  try {
    const scenarios = async (label: string) => {
      rows.push(
        await measure(
          `2. GET /auth/verify, Bearer, uncached, ${label}`,
          {
            url: `${uncached.url}/auth/verify`,
            headers: { ...input.original, authorization: `Bearer ${input.bearer}` },
          },
          { pid: uncached.pid },
        ),
      );
      rows.push(
        await measure(
          `6. POST /oauth2/introspect, uncached, ${label}`,
          {
            url: `${uncached.url}/oauth2/introspect`,
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: input.introspect.auth },
            body: `token=${input.introspect.token}`,
          },
          { pid: uncached.pid, check: (status, body) => status === 200 && body.includes('"active":true') },
        ),
      );
    };
    const small = await seedTables(main.database, SMALL, ownerId);
    await scenarios(`${fmt(small.tokens)} filler tokens`);
    process.stderr.write(`Seeding ${fmt(LARGE.consumers)} consumers and ${fmt(LARGE.tokens)} tokens…\n`);
    const large = await seedTables(
      main.database,
      { consumers: LARGE.consumers - small.consumers, tokens: LARGE.tokens - small.tokens },
      ownerId,
    );
    process.stderr.write(`Seeded in ${large.seconds.toFixed(0)} s\n`);
    await scenarios(`${fmt(LARGE.tokens)} tokens, ${fmt(LARGE.consumers)} consumers`);
  } finally {
    await uncached.stop();
  }
  return rows;
}

const fmt = (n: number) => n.toLocaleString('en-US');
