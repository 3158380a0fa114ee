import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterReport } from './clusters';
import { WARMUP } from './measure';

export interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  unexpected: number;
  /** The server's CPU time per request (per flow for the code flow), in µs. */
  cpuUs?: number;
}

export interface Report {
  rows: Row[];
  peerRows: Row[];
  scale: Row[];
  /** The same scenarios on Galera and Redis Cluster (bench/clusters.ts). */
  clusters?: ClusterReport;
  peerName: string;
  database: string;
  duration: number;
  connections: number;
  cpus: string;
}

const DOC = join(__dirname, '..', 'docs', 'benchmarks.md');
/** docs/benchmarks.md keeps its hand-written explanation below this line; the tables above it are generated. */
const MARKER = '<!-- generated above: npm run bench; written by hand below -->';

const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 100)} %` : 'n/a');

/**
 * With a ceiling row: each scenario's throughput as a share of the ceiling's, and the same by CPU
 * time (the ceiling's µs per request over the scenario's), which depends less on what the load
 * generator and the neighbours take from the two cores.
 */
function table(rows: Row[], ceiling: Row | null): string {
  const head =
    ceiling === null
      ? [
          '| Scenario | req/s | p50 ms | p99 ms | errors | unexpected | server CPU µs/req |',
          '|---|---:|---:|---:|---:|---:|---:|',
        ]
      : [
          '| Scenario | req/s | p50 ms | p99 ms | errors | unexpected | server CPU µs/req | vs ceiling |' +
            ' vs ceiling, CPU |',
          '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
        ];
  const ratios = (r: Row) => (ceiling === null ? '' : ` ${pct(r.rps, ceiling.rps)} | ${cpuShare(ceiling, r)} |`);
  return [
    ...head,
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.unexpected} |` +
        ` ${r.cpuUs ?? 'n/a'} |${ratios(r)}`,
    ),
  ].join('\n');
}

/** The ceiling's CPU time per request as a share of the scenario's. */
const cpuShare = (ceiling: Row, r: Row) => (ceiling.cpuUs && r.cpuUs ? pct(ceiling.cpuUs, r.cpuUs) : 'n/a');

/** The leading number of a row's scenario: 2 for '2.' and '2g.'. */
const scenarioNumber = (r: Row) => /^\d+/.exec(r.scenario)?.[0];

/**
 * The cluster rows, grouped by scenario after the single-node row they are compared with. Each
 * is set against its own server's ceiling (a control: the ceiling touches neither database nor
 * Redis, so it moves only with the machine) and against that single-node row: throughput, and
 * the single node's CPU time per request over the cluster row's.
 */
function clusterTable(clusters: ClusterReport, single: Row[]): string {
  const find = (rows: Row[], n: string | undefined, tag = '') => rows.find((r) => r.scenario.startsWith(`${n}${tag}.`));
  const tagOf = (r: Row) => /^\d+(\w)\./.exec(r.scenario)?.[1] ?? '';
  const order = (r: Row) => ['', 'g', 'r', 'b'].indexOf(tagOf(r));
  const numbers = [...new Set(clusters.rows.map(scenarioNumber))].sort((a, b) => Number(a) - Number(b));
  const lines = [
    '| Scenario | req/s | p50 ms | p99 ms | errors | unexpected | CPU µs/req | vs ceiling | vs single |' +
      ' vs single, CPU |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const n of numbers) {
    const base = find(single, n);
    const group = clusters.rows.filter((r) => scenarioNumber(r) === n).sort((a, b) => order(a) - order(b));
    // The single-node row again, named as the cluster rows are ("2g. Bearer verify on …"), heads its group.
    const label = group[0].scenario.replace(/^(\d+)\w\. (.+?) on .*$/, `$1. $2 on ${clusters.single}`);
    for (const r of base ? [{ ...base, scenario: label }, ...group] : group) {
      const ceiling = tagOf(r) ? find(clusters.rows, '1', tagOf(r)) : find(single, '1');
      const vsCeiling = ceiling ? pct(r.rps, ceiling.rps) : 'n/a';
      const vsSingle = base ? pct(r.rps, base.rps) : 'n/a';
      lines.push(
        `| ${r.scenario} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.unexpected} | ${r.cpuUs ?? 'n/a'} |` +
          ` ${vsCeiling} | ${vsSingle} | ${base ? cpuShare(base, r) : 'n/a'} |`,
      );
    }
  }
  return lines.join('\n');
}

/** `text` as a list item, wrapped at `width` with continuation lines indented. */
function bullet(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '-';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > width && line.trim() !== '-') {
      lines.push(line);
      line = ' ';
    }
    line += ` ${word}`;
  }
  return [...lines, line].join('\n');
}

/** The cluster part of the report: the table, the clusters' settings, and what was left out and why. */
function clusterSection(clusters: ClusterReport | undefined, single: Row[]): string {
  if (!clusters || (clusters.rows.length === 0 && clusters.notes.length === 0)) return '';
  const table = clusters.rows.length > 0 ? `${clusterTable(clusters, single)}\n\n` : '';
  return `
Clusters, same run ("Clusters: Galera and Redis Cluster" below): each scenario on the single nodes (its
row above, again), then on the clusters its rows name. "vs ceiling" is against the GET /healthz of the
row's own server; "vs single" against the group's first row.

${table}${clusters.notes.map((n) => bullet(n)).join('\n')}
`;
}

/** Each target of the performance issue, met or missed, and by how much. */
function targets(report: Report): string[] {
  const row = (prefix: string, rows = report.rows): Row | undefined => rows.find((r) => r.scenario.startsWith(prefix));
  const ceiling = row('1.');
  const lines: string[] = [];
  const share = (label: string, scenario: Row | undefined, goal: number) => {
    if (!ceiling || !scenario) return;
    const got = scenario.rps / ceiling.rps;
    const verdict = got >= goal ? 'met' : `missed by ${Math.round((goal - got) * 100)} points`;
    lines.push(
      `- ${label}: ${Math.round(got * 100)} % of the ceiling` +
        ` (by CPU time per request: ${cpuShare(ceiling, scenario)}),` +
        ` target ${Math.round(goal * 100)} %: ${verdict}.`,
    );
  };
  share('/auth/verify, Bearer', row('2.'), 0.8);
  share('/auth/verify, OAuth 1.0a', row('3.'), 0.6);
  const versus = (label: string, ours: Row | undefined, theirs: Row | undefined, peer = report.peerName) => {
    if (!ours || !theirs) return;
    const cpu = ours.cpuUs && theirs.cpuUs ? `; CPU per request ${ours.cpuUs} vs ${theirs.cpuUs} µs` : '';
    const verdict = ours.rps > theirs.rps ? 'ahead' : `behind by ${pct(theirs.rps - ours.rps, theirs.rps)}`;
    lines.push(
      `- ${label}: Consentry/${peer} = ${(ours.rps / theirs.rps).toFixed(2)}` +
        ` (${ours.rps} vs ${theirs.rps} req/s${cpu}): ${verdict}.`,
    );
  };
  versus('client_credentials', row('4.'), row('4p.', report.peerRows));
  versus(
    'client_credentials, both signing ES256 JWTs',
    row('4.'),
    row('4j.', report.peerRows),
    `${report.peerName} (JWT)`,
  );
  versus('introspection', row('6.'), row('6p.', report.peerRows));
  if (report.scale.length >= 4) {
    const [small2, small6, big2, big6] = report.scale.map((r) => r.rps);
    lines.push(
      `- Flat cost from 1,000 to 1,000,000 tokens: Bearer verify ${pct(big2, small2)},` +
        ` introspection ${pct(big6, small6)} of the small-table throughput.`,
    );
  }
  return lines;
}

export function writeReport(report: Report): void {
  const ceiling = report.rows.find((r) => r.scenario.startsWith('1.')) ?? null;
  const store = report.database.startsWith('sqlite')
    ? 'SQLite (embedded), in-memory ephemeral store'
    : `${report.database.split(':')[0]}${process.env.BENCH_REDIS_URL ? ' + Redis' : ''}`;
  const load =
    `${report.connections} connections, ${report.duration} s per scenario` +
    ` (after ${WARMUP} s of the same load, untimed)`;
  const generated = `# Benchmarks

Produced by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: the built server in its own
process, autocannon in another, ${load}, on ${report.cpus},
Node ${process.version}. Storage: ${store}. The machine is shared and noisy: compare the ratios, which
come from one run, not the absolute figures. "unexpected" counts answers that are not the
scenario's success (a 200 with \`"active":false\` from introspection is one).

${table(report.rows, ceiling)}

The peer, same machine, same run (${report.peerName}, its in-memory adapter):

${table(report.peerRows, null)}
${clusterSection(report.clusters, report.rows)}${
    report.scale.length > 0
      ? `
Scale (same server, same run; filler rows seeded into the database between the two halves):

${table(report.scale, null)}
`
      : ''
  }
Targets:

${targets(report).join('\n')}

${MARKER}
`;
  // A partial run (BENCH_ONLY) is for profiling: it prints, and leaves the published figures alone.
  if (process.env.BENCH_ONLY) {
    process.stdout.write(`${generated}\nBENCH_ONLY is set: docs/benchmarks.md left as it was\n`);
    return;
  }
  let handWritten = '';
  try {
    const current = readFileSync(DOC, 'utf8');
    const at = current.indexOf(MARKER);
    if (at !== -1) handWritten = current.slice(at + MARKER.length);
  } catch {
    /* first run: no document yet */
  }
  writeFileSync(DOC, generated + handWritten);
  process.stdout.write(`${generated}\nWrote docs/benchmarks.md\n`);
}
