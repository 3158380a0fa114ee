import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';

/**
 * Property tests against a reference implementation written in Python (oauthlib, ipaddress).
 *
 * Debian's python3-* packages import only under /usr/bin/python3, not under a python3 that
 * comes first on PATH (test/helpers/python.ts does the same).
 */
export const PYTHON = '/usr/bin/python3';

/** REFERENCE_RUNS_FACTOR=20 multiplies every batch, for a deeper search by hand. */
const RUNS_FACTOR = Math.max(1, Number(process.env.REFERENCE_RUNS_FACTOR ?? 1) || 1);

/** Whether /usr/bin/python3 can run `import <module>`. Checked once, when a spec is collected. */
export function pythonCanImport(module: string): boolean {
  return spawnSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore', timeout: 20000 }).status === 0;
}

/**
 * `describe` when the reference is there, otherwise `describe.skip` with a warning, so that a
 * machine without it shows skipped tests rather than silently passing ones.
 */
export function describeIfPython(module: string, debianPackage = `python3-${module}`): jest.Describe {
  if (pythonCanImport(module)) return describe;
  console.warn(`Reference tests skipped: ${PYTHON} cannot import ${module} (apt-get install ${debianPackage}).`);
  return describe.skip;
}

interface Envelope {
  mode: string;
  input: unknown;
}

/** One Python process for a whole batch: every case as JSON on stdin, a JSON list back. */
function runScript(script: string, cases: Envelope[]): unknown[] {
  const result = spawnSync(PYTHON, [join(__dirname, script)], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60000,
  });
  if (result.status !== 0)
    throw new Error(`${script} failed (${result.status}): ${result.stderr || result.error?.message}`);
  const outputs = JSON.parse(result.stdout) as unknown[];
  if (outputs.length !== cases.length) throw new Error(`${script} answered ${outputs.length} of ${cases.length} cases`);
  return outputs;
}

/** One property of a batch: its inputs, and the reference's answers once the batch has run. */
export class ReferenceProperty<I, O> {
  readonly seed = Math.floor(Math.random() * 0x7fffffff);
  inputs: I[] = [];
  outputs: O[] = [];

  constructor(
    private readonly script: string,
    readonly mode: string,
    readonly arbitrary: fc.Arbitrary<I>,
    readonly numRuns: number,
  ) {}

  /**
   * Runs `check` (which throws, e.g. with `expect`, on a disagreement) on every batched case.
   * On a failure, replays the same seed through `fc.assert` with one Python call per case, so
   * that fast-check shrinks it to a minimal input and prints it with the seed. That is slow,
   * but it only happens when something is wrong.
   */
  check(check: (input: I, reference: O) => void): void {
    if (this.inputs.length !== this.numRuns) throw new Error('ReferenceBatch.run() was not called (beforeAll)');
    const firstFailure = this.inputs.findIndex((input, i) => !succeeds(() => check(input, this.outputs[i])));
    if (firstFailure === -1) return;
    fc.assert(
      fc.property(this.arbitrary, (input) =>
        check(input, runScript(this.script, [{ mode: this.mode, input }])[0] as O),
      ),
      { seed: this.seed, numRuns: this.numRuns },
    );
    // fc.assert found nothing: the reference answered differently alone than in the batch.
    check(this.inputs[firstFailure], this.outputs[firstFailure]);
  }
}

function succeeds(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}

/** Collects the properties of one spec file so that they all share one Python process. */
export class ReferenceBatch {
  private readonly properties: Array<ReferenceProperty<unknown, unknown>> = [];

  constructor(private readonly script: string) {}

  property<I, O>(mode: string, arbitrary: fc.Arbitrary<I>, numRuns: number): ReferenceProperty<I, O> {
    const property = new ReferenceProperty<I, O>(this.script, mode, arbitrary, Math.round(numRuns * RUNS_FACTOR));
    this.properties.push(property);
    return property;
  }

  /** Samples every property (same seed as the fc.assert replay) and asks Python once. */
  run(): void {
    const cases: Envelope[] = [];
    for (const p of this.properties) {
      p.inputs = fc.sample(p.arbitrary, { seed: p.seed, numRuns: p.numRuns });
      cases.push(...p.inputs.map((input) => ({ mode: p.mode, input })));
    }
    const outputs = runScript(this.script, cases);
    let at = 0;
    for (const p of this.properties) {
      p.outputs = outputs.slice(at, at + p.numRuns);
      at += p.numRuns;
    }
  }
}
