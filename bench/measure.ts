import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import type { Row } from './report';

export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

export type Check = (status: number, body: string, headers: IncomingHttpHeaders) => boolean;

/**
 * Runs one scenario and counts, besides autocannon's errors, the answers that are not what the
 * scenario expects (a 200 with `"active":false` is a failure for introspection; a 302 is the
 * expected answer of the authorization endpoint). `perFlow` turns requests/s into flows/s.
 */
export async function measure(scenario: string, options: autocannon.Options, check: Check = (s) => s === 200, perFlow = 1): Promise<Row> {
  let unexpected = 0;
  const requests: autocannon.Request[] = (options.requests ?? [{}]).map((r) => {
    const original = typeof r.onResponse === 'function' ? r.onResponse : undefined;
    return {
      ...r,
      onResponse: (status, body, context, headers) => {
        if (!check(status, body, headers ?? {})) unexpected += 1;
        original?.(status, body, context, headers);
      },
    };
  });
  const result = await autocannon({ duration: DURATION, connections: CONNECTIONS, ...options, requests });
  return { scenario, rps: Math.round(result.requests.average / perFlow), p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, unexpected };
}

