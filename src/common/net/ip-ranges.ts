import ipaddr from 'ipaddr.js';

/**
 * Per-consumer IP allow-lists (MediaWiki's `MWRestrictions::checkIP`, failure is
 * `mwoauthdatastore-bad-source-ip`: docs/mediawiki-compatibility.md#ip-restrictions). Ranges are
 * stored as normalized CIDR strings so that a listing shows what is actually enforced and
 * duplicates are recognisable.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/** MediaWiki core `MWRestrictions` default: every IPv4 and every IPv6 address. */
export const ALLOW_ALL: readonly string[] = Object.freeze(['0.0.0.0/0', '::/0']);

/**
 * Upper bound on a consumer's list; `ipInRanges` runs on every signed request. The caller
 * (the consumer validator) enforces it: MediaWiki only caps the JSON at a 64 KiB blob.
 */
export const MAX_RANGES = 100;

/**
 * Reads "a.b.c.d", "a.b.c.d/n", an IPv6 address or an IPv6 CIDR. IPv4 must be four decimal
 * parts: ipaddr.js also accepts "010.0.0.1" (octal, i.e. 8.0.0.1), "10.1" and "167772161",
 * which people misread. IPv6 zone ids ("fe80::1%eth0") name a local interface, not an
 * address, so they have no place in a stored range.
 */
function parseCidr(input: string): Cidr | null {
  const slash = input.indexOf('/');
  const address = hexTail(slash === -1 ? input : input.slice(0, slash));
  if (address === null) return null;
  const text = slash === -1 ? address : `${address}${input.slice(slash)}`;
  try {
    let cidr: Cidr | null = null;
    if (ipaddr.IPv4.isValidFourPartDecimal(text)) cidr = [ipaddr.IPv4.parse(text), 32];
    else if (ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) cidr = ipaddr.IPv4.parseCIDR(text);
    else if (ipaddr.IPv6.isValid(text)) cidr = [ipaddr.IPv6.parse(text), 128];
    else if (ipaddr.IPv6.isValidCIDR(text)) cidr = ipaddr.IPv6.parseCIDR(text);
    if (cidr === null || (cidr[0].kind() === 'ipv6' && (cidr[0] as ipaddr.IPv6).zoneId)) return null;
    return toIpv4IfMapped(cidr);
  } catch {
    return null;
  }
}

const DOTTED_DECIMAL = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * An IPv6 address whose last 32 bits are written as a dotted quad (RFC 4291 §2.2 form 3), with
 * that quad written out as two hex groups; other text as given; null for a malformed quad.
 * ipaddr.js reads the IPv4-compatible "::a.b.c.d" (RFC 4291 §2.5.5.1, inside ::/96) as the
 * IPv4-mapped "::ffff:a.b.c.d", so "::0.0.0.0/96" would widen to every IPv4 address; and it
 * accepts octal or hex octets there ("::ffff:010.0.0.1"), which plain IPv4 refuses here.
 */
function hexTail(address: string): string | null {
  const colon = address.lastIndexOf(':');
  if (colon === -1) return address;
  const percent = address.indexOf('%', colon);
  const tail = address.slice(colon + 1, percent === -1 ? undefined : percent);
  if (!tail.includes('.')) return address;
  if (!DOTTED_DECIMAL.test(tail)) return null;
  const [a, b, c, d] = tail.split('.').map(Number);
  const groups = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  return `${address.slice(0, colon + 1)}${groups}${percent === -1 ? '' : address.slice(percent)}`;
}

/**
 * A range inside ::ffff:0:0/96 is an IPv4 range written in IPv6 form. `ipInRanges` matches
 * IPv4-mapped clients as IPv4, so such a range is stored as its IPv4 equivalent.
 */
function toIpv4IfMapped([address, bits]: Cidr): Cidr {
  if (address.kind() === 'ipv6' && bits >= 96 && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    return [(address as ipaddr.IPv6).toIPv4Address(), bits - 96];
  }
  return [address, bits];
}

/** "10.0.0.1/8" → "10.0.0.0/8"; IPv6 in RFC 5952 canonical form ("2001:db8::/32"). */
function formatNetwork([address, bits]: Cidr): string {
  if (address.kind() === 'ipv4') {
    return `${ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${bits}`).toString()}/${bits}`;
  }
  const network = ipaddr.IPv6.networkAddressFromCIDR(`${address.toNormalizedString()}/${bits}`);
  return `${network.toRFC5952String()}/${bits}`;
}

export function parseIpRanges(entries: readonly string[]): { ranges: string[]; invalid: string[] } {
  const ranges = new Set<string>();
  const invalid: string[] = [];
  for (const entry of entries) {
    const cidr = typeof entry === 'string' ? parseCidr(entry.trim()) : null;
    if (cidr === null) invalid.push(String(entry));
    else ranges.add(formatNetwork(cidr));
  }
  return { ranges: [...ranges], invalid };
}

/**
 * The client address as the server saw it. Node reports IPv4 clients of a dual-stack socket as
 * "::ffff:1.2.3.4"; they are matched as IPv4 so that "0.0.0.0/0" admits them and "::/0" alone
 * does not. A link-local client may carry a zone id, which does not change the address.
 */
function parseClient(given: string): Address | null {
  const ip = hexTail(given);
  if (ip === null) return null;
  try {
    if (ipaddr.IPv4.isValidFourPartDecimal(ip)) return ipaddr.IPv4.parse(ip);
    if (!ipaddr.IPv6.isValid(ip)) return null;
    const v6 = ipaddr.IPv6.parse(ip);
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
  } catch {
    return null;
  }
}

/**
 * Stored ranges are few and the same on every request of a consumer, and client addresses
 * repeat too (a gateway, a few API clients): each is parsed once. Bounded: a cache is cleared
 * when full, as a flood of distinct strings must not grow memory.
 */
const PARSED_CACHE_SIZE = 10_000;

function memoized<V>(parse: (text: string) => V): (text: string) => V {
  const cache = new Map<string, V>();
  return (text) => {
    if (cache.has(text)) return cache.get(text)!;
    const value = parse(text);
    if (cache.size >= PARSED_CACHE_SIZE) cache.clear();
    cache.set(text, value);
    return value;
  };
}

const parseStoredRange = memoized(parseCidr);
const parseClientCached = memoized(parseClient);

/** Fails closed: an unparseable client or an unparseable stored range never matches. */
export function ipInRanges(ip: string, ranges: readonly string[]): boolean {
  const client = typeof ip === 'string' ? parseClientCached(ip) : null;
  if (client === null || !Array.isArray(ranges)) return false;
  return ranges.some((range) => {
    const cidr = typeof range === 'string' ? parseStoredRange(range) : null;
    return cidr !== null && cidr[0].kind() === client.kind() && client.match(cidr);
  });
}
