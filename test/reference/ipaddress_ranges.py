"""Reference side of src/common/net/ip-ranges.spec.ts, on Python's standard `ipaddress` module.

Reads a JSON list of {"mode", "input"} on stdin and prints one answer per case:
- "normalize", input {entry}: the network ip_network(entry.strip(), strict=False) denotes, as
  {"network": "10.0.0.0/8"}, or {"error"};
- "match", input {client, range}: {"inside": bool}, whether ip_address(client) is in
  ip_network(range, strict=False); an unreadable client or range is not inside.
IPv4-mapped IPv6 (::ffff:0:0/96, RFC 4291 §2.5.5.2) is read as the IPv4 it carries, on both
sides, which is what ip-ranges.ts does on purpose: Node reports IPv4 clients of a dual-stack
socket as ::ffff:a.b.c.d. `ipaddress` alone keeps them IPv6 (::ffff:10.0.0.1 is not in
10.0.0.0/8 for it), so the unwrapping is done here.
"""
import ipaddress

from batch_io import serve

MAPPED = ipaddress.ip_network('::ffff:0:0/96')


def address(text):
    a = ipaddress.ip_address(text)
    return a.ipv4_mapped if a.version == 6 and a.ipv4_mapped is not None else a


def network(text):
    n = ipaddress.ip_network(text, strict=False)
    if n.version == 6 and n.prefixlen >= 96 and n.network_address in MAPPED:
        return ipaddress.ip_network((n.network_address.ipv4_mapped, n.prefixlen - 96))
    return n


def normalize(case):
    return {'network': str(network(case['entry'].strip()))}


def match(case):
    try:
        a, n = address(case['client']), network(case['range'])
    except ValueError:
        return {'inside': False}
    return {'inside': a.version == n.version and a in n}


serve({'normalize': normalize, 'match': match})
