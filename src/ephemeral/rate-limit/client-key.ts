import ipaddr from 'ipaddr.js';

/**
 * The key a per-address limit counts a client under. IPv6 counts by its /64: that is what one
 * subscriber is given (RFC 6177 §2), so a single host could otherwise take a fresh address, and a
 * fresh count, for every attempt. An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function clientKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${v6.parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}
