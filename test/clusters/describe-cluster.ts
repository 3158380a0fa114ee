import { ClusterTools, clusterTools } from './availability';

export type ClusterKind = keyof ClusterTools;

/**
 * How a cluster suite decides whether to run, from CLUSTER_TESTS:
 * - unset or 0: skip (starting real clusters costs about a minute; `npm test` stays quick);
 * - 1: run the suites whose tools are here, skip the others with the missing tool named;
 * - required (for CI): a missing tool is a failing test, so a broken install cannot pass as a skip.
 */
export function clusterGate(kind: ClusterKind): { run: boolean; fail?: string; note?: string } {
  const mode = process.env.CLUSTER_TESTS ?? '';
  if (mode === '' || mode === '0') return { run: false, note: 'set CLUSTER_TESTS=1 to start real clusters' };
  const tool = clusterTools()[kind];
  if (tool.available) return { run: true };
  if (mode === 'required') return { run: false, fail: `${kind} cannot run here: ${tool.reason}` };
  return { run: false, note: tool.reason };
}

/** `describe` for a suite that needs the `kind` cluster, skipped or failing as clusterGate() says. */
export function describeCluster(kind: ClusterKind, title: string, body: () => void): void {
  const gate = clusterGate(kind);
  if (gate.run) {
    describe(title, body);
  } else if (gate.fail) {
    const reason = gate.fail;
    describe(title, () =>
      it('has the tools it needs (CLUSTER_TESTS=required)', () => {
        throw new Error(reason);
      }),
    );
  } else {
    process.stderr.write(`${title}: skipped, ${gate.note}.\n`);
    describe.skip(title, body);
  }
}
