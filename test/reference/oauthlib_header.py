"""Reference side of src/protocol/oauth1/authorization-header.spec.ts.

Reads a JSON list of {"mode", "input"} on stdin and prints one answer per case:
- "prepare", input {params: [[name, value], ...], realm?}: the Authorization header
  python3-oauthlib's rfc5849.parameters.prepare_headers writes, as {"header"};
- "parse", input {header}: what rfc5849.utils.parse_authorization_header reads, with the
  values of oauth_* parameters percent-decoded as signature.collect_parameters does, as
  {"params": [[name, value], ...]} (every auth-param, realm included), or {"error"}.
Run with /usr/bin/python3 (Debian's oauthlib imports only there).
"""

from oauthlib.oauth1.rfc5849 import parameters, utils

from batch_io import serve


def prepare(case):
    params = [tuple(pair) for pair in case['params']]
    return {'header': parameters.prepare_headers(params, realm=case.get('realm'))['Authorization']}


def parse(case):
    pairs = utils.parse_authorization_header(case['header'])
    return {'params': [[k, utils.unescape(v) if k.startswith('oauth_') else v] for k, v in pairs]}


serve({'prepare': prepare, 'parse': parse})
