import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import OAuth from 'oauth-1.0a';
import { startServer } from './server';

interface Row { scenario: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

async function measure(scenario: string, options: autocannon.Options): Promise<Row> {
  const result = await autocannon({ duration: DURATION, connections: CONNECTIONS, ...options });
  return { scenario, rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

/**
 * `npm run bench`: the gateway hot path (GET /auth/verify) against the ceiling (GET /healthz) on
 * the same server, in one run; figures are ratios, which hold on a noisy machine where absolute
 * numbers do not. Writes docs/benchmarks.md.
 */
async function main(): Promise<void> {
  const server = await startServer(Number(process.env.BENCH_PORT ?? 3900));
  try {
    // Owner-only consumers give credentials at once, without a browser.
    const v2 = JSON.parse(server.cli('consumer:create', '--owner', 'BenchAdmin', '--name', 'Bench OAuth 2', '--version', '1.0', '--oauth-version', '2', '--grants', 'editpage', '--owner-only', '--json'));
    const v1 = JSON.parse(server.cli('consumer:create', '--owner', 'BenchAdmin', '--name', 'Bench OAuth 1', '--version', '1.0', '--oauth-version', '1', '--grants', 'editpage', '--owner-only', '--json'));
    const api = `${server.url}/w/api.php?action=query&meta=userinfo`;
    const original = { 'x-original-uri': '/w/api.php?action=query&meta=userinfo', 'x-forwarded-host': new URL(server.url).host, 'x-forwarded-proto': 'http' };
    const signer = new OAuth({ consumer: { key: v1.consumerKey, secret: v1.secret }, signature_method: 'HMAC-SHA1', hash_function: (base, key) => createHmac('sha1', key).update(base).digest('base64') });

    const rows: Row[] = [];
    rows.push(await measure('GET /healthz (ceiling)', { url: `${server.url}/healthz` }));
    rows.push(await measure('GET /auth/verify, Bearer JWT (warm)', { url: `${server.url}/auth/verify`, headers: { ...original, authorization: `Bearer ${v2.accessToken}` } }));
    rows.push(await measure('GET /auth/verify, OAuth 1.0a HMAC-SHA1 (fresh nonce each)', {
      url: `${server.url}/auth/verify`,
      requests: [{
        setupRequest: (req) => ({ ...req, headers: { ...original, authorization: signer.toHeader(signer.authorize({ url: api, method: 'GET' }, { key: v1.accessToken, secret: v1.accessSecret })).Authorization } }),
      }],
    }));
    report(rows, server.database);
  } finally {
    await server.stop();
  }
}

function report(rows: Row[], database: string): void {
  const ceiling = rows[0].rps || 1;
  const table = ['| Scenario | req/s | p50 ms | p99 ms | errors | non-2xx | vs ceiling |', '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${Math.round((r.rps / ceiling) * 100)} % |`)].join('\n');
  const store = database.startsWith('sqlite') ? 'SQLite (embedded), in-memory ephemeral store' : `${database.split(':')[0]}${process.env.BENCH_REDIS_URL ? ' + Redis' : ''}`;
  const text = `# Benchmarks

Produced by \`npm run bench\` (bench/run.ts): the built server in its own process, autocannon in another,
${CONNECTIONS} connections, ${DURATION} s per scenario, on ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}.
Storage: ${store}. The machine is shared and noisy: compare the ratios, which come from one run, not
the absolute figures.

${table}

The ratio is the share of the ceiling (\`GET /healthz\` on the same server, same run) that each
scenario reaches. Targets (issue "Performance"): /auth/verify ≥ 80 % of the ceiling with Bearer,
≥ 60 % with OAuth 1.0a.

## How it is measured

- Bearer: an owner-only OAuth 2 consumer's access token, the same token on every request. Its
  signature check is cached (bounded LRU, never past \`exp\`); the token row, client, user and
  authorization are read on every request, so revocation counts at once.
- OAuth 1.0a: an owner-only consumer's access token; every request is signed anew with a fresh
  nonce and timestamp by the \`oauth-1.0a\` library, as a real client does.

## Reproduce

\`\`\`sh
npm ci && npm run bench                               # SQLite
BENCH_DATABASE_URL=mariadb://root@127.0.0.1:3306/bench BENCH_REDIS_URL=redis://127.0.0.1:6379/14 npm run bench
BENCH_SECONDS=30 BENCH_CONNECTIONS=50 npm run bench   # longer, busier
\`\`\`
`;
  writeFileSync(join(__dirname, '..', 'docs', 'benchmarks.md'), text);
  process.stdout.write(`${table}\n\nWrote docs/benchmarks.md\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
