import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface HeapSummary {
  totalMB: number;
  byKind: Map<string, number>;
}

/**
 * The server's live heap: SIGUSR2 makes it write a heap snapshot (it runs with
 * --heapsnapshot-signal), which collects garbage first, so the snapshot holds exactly what is
 * still reachable. RSS alone would count heap that V8 simply has not given back yet.
 */
export async function liveHeap(pid: number, dir: string): Promise<HeapSummary> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  let file: string | undefined;
  let lastSize = -1;
  for (let i = 0; i < 600; i += 1) {
    await new Promise((r) => setTimeout(r, 200));
    file ??= readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    // Complete when the size stops changing and the JSON is closed.
    if (size > 0 && size === lastSize && readFileSync(join(dir, file), 'utf8').trimEnd().endsWith('}')) break;
    lastSize = size;
  }
  if (!file) throw new Error('the server wrote no heap snapshot');
  const summary = summarize(join(dir, file));
  rmSync(join(dir, file));
  return summary;
}

function summarize(path: string): HeapSummary {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt, width] = [
    fields.indexOf('type'),
    fields.indexOf('name'),
    fields.indexOf('self_size'),
    fields.length,
  ];
  const byKind = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]];
    const size = snapshot.nodes[i + sizeAt];
    total += size;
    const kind = type === 'object' ? snapshot.strings[snapshot.nodes[i + nameAt]] : `(${type})`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + size);
  }
  return { totalMB: total / 1048576, byKind };
}

/** What grew most between two snapshots, for the report: "Map +3.1 MB". */
export function growth(start: HeapSummary, end: HeapSummary, top = 8): string[] {
  return [...end.byKind]
    .map(([kind, size]) => [kind, (size - (start.byKind.get(kind) ?? 0)) / 1048576] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([kind, mb]) => `${kind} ${mb >= 0 ? '+' : ''}${mb.toFixed(1)} MB`);
}
