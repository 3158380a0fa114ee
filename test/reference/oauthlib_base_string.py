"""Reference side of src/protocol/oauth1/base-string.reference.spec.ts.

Reads a JSON list of {"mode": "request", "input": {method, url, authorization?, body?}} on
stdin and prints, for each, what python3-oauthlib's rfc5849.signature functions make of it:
{"uri", "normalized", "base"} or {"error"}. Parameters are collected the way
oauthlib.oauth1.Client does: the query of the URL, the form body, the Authorization header.
Run with /usr/bin/python3 (Debian's oauthlib imports only there).
"""
from urllib.parse import urlparse

from oauthlib.oauth1.rfc5849 import signature

from batch_io import serve


def request(case):
    url = case['url']
    uri = signature.base_string_uri(url)
    headers = {'Authorization': case['authorization']} if case.get('authorization') is not None else None
    params = signature.collect_parameters(uri_query=urlparse(url).query, body=case.get('body'), headers=headers)
    normalized = signature.normalize_parameters(params)
    return {'uri': uri, 'normalized': normalized, 'base': signature.signature_base_string(case['method'], uri, normalized)}


serve({'request': request})
