import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import type { Row } from './report';

export const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/**
 * Seconds of the same load before each measured window, untimed: the server's code paths for the scenario are compiled
 * by then.
 */
export const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

export type Check = (status: number, body: string, headers: IncomingHttpHeaders) => boolean;

export interface MeasureOptions {
  /** What counts as the scenario's success; a 200 by default. */
  check?: Check;
  /** Requests per flow: turns requests/s into flows/s. */
  perFlow?: number;
  /** The server process: its CPU time per request is reported beside the throughput. */
  pid?: number;
  /** Seconds of untimed load first (BENCH_WARMUP_SECONDS, 2 by default). */
  warmup?: number;
  /** Seconds of the measured window (BENCH_SECONDS, 10 by default). */
  duration?: number;
}

/**
 * Runs one scenario and counts, besides autocannon's errors, the answers that are not what the
 * scenario expects (a 200 with `"active":false` is a failure for introspection; a 302 is the
 * expected answer of the authorization endpoint). With the server's pid it also reports the
 * server's CPU time per request (all its threads, libuv's pool included): on a shared machine
 * that moves less from run to run than requests/s, which depend on what else has the CPUs.
 */
export async function measure(
  scenario: string,
  options: autocannon.Options,
  { check = (s) => s === 200, perFlow = 1, pid, warmup = WARMUP, duration = DURATION }: MeasureOptions = {},
): Promise<Row> {
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
  // Without it the first seconds of a scenario run code V8 has not optimized yet, which weighed
  // most on the ceiling (measured first): answers are not checked, pools are used as usual.
  if (warmup > 0) await autocannon({ connections: CONNECTIONS, ...options, duration: warmup });
  const cpuBefore = pid === undefined ? 0 : cpuMicros(pid);
  const result = await autocannon({ duration, connections: CONNECTIONS, ...options, requests });
  const cpuUs =
    pid === undefined || result.requests.total === 0
      ? undefined
      : Math.round(((cpuMicros(pid) - cpuBefore) / result.requests.total) * perFlow);
  return {
    scenario,
    rps: Math.round(result.requests.average / perFlow),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    unexpected,
    cpuUs,
  };
}

/** User + system CPU time of a process, in µs (proc(5): fields 14 and 15, in clock ticks of 1/100 s). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
