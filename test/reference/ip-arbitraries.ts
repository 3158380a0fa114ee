import fc from 'fast-check';

/*
 * IP addresses and CIDR ranges, written in the many ways RFC 4291 §2.2 allows (leading zeros
 * in a group, either case, "::" for any run of zero groups, a dotted IPv4 tail) and as
 * IPv4-mapped IPv6 (RFC 4291 §2.5.5.2), for src/common/net/ip-ranges.spec.ts.
 */

export interface Address {
  version: 4 | 6;
  value: bigint;
}

const WIDTH = { 4: 32, 6: 128 } as const;
const MAPPED_PREFIX = 0xffffn << 32n; // ::ffff:0:0/96

/** How an IPv6 address is written. */
interface Style {
  upper: boolean;
  pad: boolean; // groups with leading zeros ("0db8")
  dottedTail: boolean; // last 32 bits as a.b.c.d
  compress: number | undefined; // which zero run to write as "::", if any
  compressStart: number;
  compressLength: number;
}

const style: fc.Arbitrary<Style> = fc.record({
  upper: fc.boolean(),
  pad: fc.boolean(),
  dottedTail: fc.boolean(),
  compress: fc.option(fc.nat(3), { nil: undefined, freq: 4 }),
  compressStart: fc.nat(7),
  compressLength: fc.integer({ min: 1, max: 8 }),
});

const dotted = (value: bigint): string => [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');

/** Runs of zero groups as [start, length]. */
function zeroRuns(groups: number[]): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  groups.forEach((g, i) => {
    if (g !== 0) return;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === i) last[1] += 1;
    else runs.push([i, 1]);
  });
  return runs;
}

export function formatIpv6(value: bigint, s: Style): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  const hexCount = s.dottedTail ? 6 : 8;
  const written = groups.slice(0, hexCount).map((g) => {
    const h = s.pad ? g.toString(16).padStart(4, '0') : g.toString(16);
    return s.upper ? h.toUpperCase() : h;
  });
  const tail = s.dottedTail ? [dotted(value & 0xffffffffn)] : [];
  const runs = zeroRuns(groups.slice(0, hexCount));
  if (s.compress === undefined || runs.length === 0) return [...written, ...tail].join(':');
  // Any part of any zero run may become "::" (RFC 4291 §2.2 item 2; RFC 5952 only recommends).
  const [runStart, runLength] = runs[s.compress % runs.length];
  const start = runStart + (s.compressStart % runLength);
  const length = 1 + ((s.compressLength - 1) % (runStart + runLength - start));
  const before = written.slice(0, start).join(':');
  const after = [...written.slice(start + length), ...tail].join(':');
  return `${before}::${after}`;
}

/** Values with the shapes that matter: zero runs, ::1, ::ffff:a.b.c.d, anything. */
const ipv6Value = fc.oneof(
  fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
  fc
    .array(fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xffff), fc.nat(0xffff)), {
      minLength: 8,
      maxLength: 8,
    })
    .map((groups) => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n)),
  fc.constantFrom(0n, 1n, 0x20010db8n << 96n, 0xfe80n << 112n),
);
const ipv4Value = fc.oneof(
  fc.bigInt({ min: 0n, max: 0xffffffffn }),
  fc.constantFrom(0n, 0x0a000001n, 0x7f000001n, 0xc0000207n, 0xffffffffn),
);
export const address: fc.Arbitrary<Address> = fc.oneof(
  ipv4Value.map((value): Address => ({ version: 4, value })),
  ipv6Value.map((value): Address => ({ version: 6, value })),
);

/** An IPv4 address as a.b.c.d or as one of its IPv4-mapped IPv6 spellings. */
export const writeAddress = (a: Address): fc.Arbitrary<string> =>
  a.version === 6
    ? style.map((s) => formatIpv6(a.value, s))
    : fc.oneof(
        fc.constant(dotted(a.value)),
        style.map((s) => formatIpv6(MAPPED_PREFIX | a.value, s)),
      );

/** A range around `a`: written like an address, with a prefix length (as the version allows, in IPv6 form +96). */
export const writeRange = (a: Address, prefix: number): fc.Arbitrary<string> =>
  a.version === 6
    ? style.map((s) => `${formatIpv6(a.value, s)}/${prefix}`)
    : fc.oneof(
        { weight: 3, arbitrary: fc.constant(`${dotted(a.value)}/${prefix}`) },
        { weight: 1, arbitrary: style.map((s) => `${formatIpv6(MAPPED_PREFIX | a.value, s)}/${prefix + 96}`) },
      );

/** The top `shared` bits of `a`, the rest from `noise`: an address inside a range of prefix ≤ shared. */
export function near(a: Address, shared: number, noise: bigint): Address {
  const width = BigInt(WIDTH[a.version]);
  const low = (1n << (width - BigInt(shared))) - 1n;
  return { version: a.version, value: (a.value & ~low & ((1n << width) - 1n)) | (noise & low) };
}

export const prefixFor = (a: Address): fc.Arbitrary<number> => fc.integer({ min: 0, max: WIDTH[a.version] });
export const noise = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });

/** One character inserted, removed or replaced, to make near-misses of valid text. */
export const mutate = (text: string): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('insert', 'delete', 'replace'),
      fc.constantFrom(...'0123456789afAFgx:./ -'.split(''), '::', '/1', '00'),
    )
    .map(([at, op, c]) => {
      const i = at % (text.length + 1);
      if (op === 'insert') return text.slice(0, i) + c + text.slice(i);
      if (op === 'delete') return text.slice(0, i) + text.slice(i + 1);
      return text.slice(0, i) + c + text.slice(i + 1);
    });
