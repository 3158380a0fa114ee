import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsumer, gatewayRequest, oauth1Signer } from './clients';
import { growth, liveHeap } from './heap';
import { startServer } from './server';

/**
 * `npm run soak`: mixed OAuth 1.0a and OAuth 2 traffic from many concurrent clients for
 * SOAK_SECONDS (default 300): token requests (client credentials), introspection, gateway
 * verifications with both protocols, consumer reads. Reports requests, errors by status,
 * p50/p99, and the server's live heap (from heap snapshots, after garbage collection) and RSS at
 * start and end. Passes with zero 5xx and live-heap growth under SOAK_MAX_GROWTH_MB (default 64).
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 32);
const MAX_GROWTH_MB = Number(process.env.SOAK_MAX_GROWTH_MB ?? 64);

async function main(): Promise<void> {
  const heapDir = mkdtempSync(join(tmpdir(), 'consentry-soak-heap-'));
  const server = await startServer(Number(process.env.SOAK_PORT ?? 3910), {
    env: { NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${heapDir}` },
  });
  try {
    const v2 = createConsumer(server, 'Soak service', 2, ['--grant-types', 'client_credentials', '--approve']);
    const mine = createConsumer(server, 'Soak script', 2, ['--owner-only']);
    const v1 = createConsumer(server, 'Soak OAuth 1', 1, ['--owner-only']);
    const { api, original } = gatewayRequest(server.url);
    const sign = oauth1Signer(v1, api);
    const form = (body: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
    const scenarios: Array<() => Promise<Response>> = [
      () =>
        fetch(
          `${server.url}/oauth2/token`,
          form({ grant_type: 'client_credentials', client_id: v2.consumerKey, client_secret: v2.secret }),
        ),
      () =>
        fetch(
          `${server.url}/oauth2/introspect`,
          form({ token: mine.accessToken, client_id: mine.consumerKey, client_secret: mine.secret }),
        ),
      () =>
        fetch(`${server.url}/auth/verify`, { headers: { ...original, authorization: `Bearer ${mine.accessToken}` } }),
      () => fetch(`${server.url}/auth/verify`, { headers: { ...original, authorization: sign() } }),
      () => fetch(`${server.url}/api/v1/consumers?limit=20`),
    ];
    const memory = async () =>
      Number(
        /consentry_process_resident_memory_bytes (\d+)/.exec(
          await (await fetch(`${server.url}/metrics`)).text(),
        )?.[1] ?? 0,
      ) / 1048576;
    // Warm up, then measure memory from a settled start.
    await Promise.all(Array.from({ length: 200 }, (_, i) => scenarios[i % scenarios.length]()));
    // The snapshot first: writing one takes memory of its own, which must not count as growth.
    const heapStart = await liveHeap(server.pid, heapDir);
    const memoryStart = await memory();
    const rssSeries: string[] = [];
    const sampler = setInterval(
      () =>
        void memory().then(
          (mb) => rssSeries.push(mb.toFixed(0)),
          () => undefined,
        ),
      30_000,
    );
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    const end = Date.now() + SECONDS * 1000;
    let errors = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, worker) => {
        for (let i = worker; Date.now() < end; i += 1) {
          const started = performance.now();
          try {
            const res = await scenarios[i % scenarios.length]();
            await res.arrayBuffer();
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          } catch {
            errors += 1;
          }
          latencies.push(performance.now() - started);
        }
      }),
    );
    clearInterval(sampler);
    const memoryEnd = await memory();
    const heapEnd = await liveHeap(server.pid, heapDir);
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]?.toFixed(1);
    const fivexx = [...statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
    const report = {
      seconds: SECONDS,
      clients: CLIENTS,
      requests: latencies.length,
      errors,
      statuses: Object.fromEntries(statuses),
      p50ms: pct(0.5),
      p99ms: pct(0.99),
      rssStartMB: memoryStart.toFixed(1),
      rssEndMB: memoryEnd.toFixed(1),
      rssEvery30sMB: rssSeries.join(' '),
      liveHeapStartMB: heapStart.totalMB.toFixed(1),
      liveHeapEndMB: heapEnd.totalMB.toFixed(1),
      grewMost: growth(heapStart, heapEnd),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const grew = heapEnd.totalMB - heapStart.totalMB;
    if (fivexx > 0 || errors > 0 || grew > MAX_GROWTH_MB) {
      process.stderr.write(
        `soak FAILED: ${fivexx} 5xx, ${errors} transport errors, ` +
          `live heap +${grew.toFixed(1)} MB (bound ${MAX_GROWTH_MB})\n`,
      );
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `soak passed: no 5xx, live heap +${grew.toFixed(1)} MB (bound ${MAX_GROWTH_MB}), ` +
          `RSS +${(memoryEnd - memoryStart).toFixed(1)} MB\n`,
      );
    }
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
