import { gatewayScenarios, prepareGateway } from './scenarios';
import { startServer } from './server';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/**
 * `npm run bench:compare`: the gateway scenarios (1–3 of `npm run bench`) interleaved for
 * BENCH_ROUNDS short rounds on one server, reporting the server's CPU time per request: the
 * least and the median over the rounds, and each scenario's least against the ceiling's. On a
 * shared machine a neighbour only ever adds time, so the least of several interleaved rounds
 * is the steadiest figure there is; use it to tell whether a change to the hot path helped.
 * It prints and writes nothing.
 */
async function main(): Promise<void> {
  const server = await startServer(Number(process.env.BENCH_PORT ?? 3900));
  try {
    const seconds = Number(process.env.BENCH_SECONDS ?? 3);
    // Scenarios 1–3 exactly as `npm run bench` defines them, on consumers of their own.
    const scenarios = gatewayScenarios(prepareGateway(server, ' (compare)')).map((s) => ({
      ...s,
      name: `${s.n}. ${s.title}`,
    }));
    const cpu = scenarios.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [i, scenario] of scenarios.entries()) {
        // Later rounds follow the earlier ones' load: only the first needs warming up.
        const row = await scenario.run(scenario.name, { duration: seconds, ...(round > 0 ? { warmup: 0 } : {}) });
        if (row.errors > 0 || row.unexpected > 0)
          throw new Error(`${scenario.name}: ${row.errors} errors, ${row.unexpected} unexpected answers`);
        cpu[i].push(row.cpuUs ?? 0);
      }
    }
    const least = cpu.map((xs) => Math.min(...xs));
    const median = cpu.map((xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
    const lines = [
      `Server CPU µs per request, ${ROUNDS} interleaved rounds of ${seconds} s (${server.database.split(':')[0]}):`,
      '',
      '| Scenario | least | median | ceiling/scenario (least) |',
      '|---|---:|---:|---:|',
      ...scenarios.map(
        (s, i) => `| ${s.name} | ${least[i]} | ${median[i]} | ${Math.round((least[0] / least[i]) * 100)} % |`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await server.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
