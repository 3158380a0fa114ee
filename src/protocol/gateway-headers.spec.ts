import { describedRequest, ForwardedRequest, GatewayRequestError, HeaderLines } from './gateway-headers';

const TRUSTED = { trusted: true, requireUri: false };

function refusal(lines: HeaderLines, options = TRUSTED): Pick<GatewayRequestError, 'status' | 'code'> | undefined {
  try {
    describedRequest(lines, options);
    return undefined;
  } catch (error) {
    if (!(error instanceof GatewayRequestError)) throw error;
    return { status: error.status, code: error.code };
  }
}

describe('describedRequest', () => {
  it.each<[string, HeaderLines, ForwardedRequest]>([
    [
      'nginx (X-Original-*)',
      {
        'x-original-method': ['POST'],
        'x-original-uri': ['/w/api.php?action=edit'],
        'x-forwarded-host': ['wiki.example.org'],
        'x-forwarded-proto': ['https'],
      },
      { method: 'POST', uri: '/w/api.php?action=edit', host: 'wiki.example.org', proto: 'https' },
    ],
    [
      'Caddy, Traefik (X-Forwarded-*)',
      {
        'x-forwarded-method': ['get'],
        'x-forwarded-uri': ['/w/api.php'],
        'x-forwarded-host': ['wiki.example.org:8443'],
        'x-forwarded-proto': ['HTTP'],
      },
      { method: 'GET', uri: '/w/api.php', host: 'wiki.example.org:8443', proto: 'http' },
    ],
    [
      'both, agreeing',
      {
        'x-original-uri': ['/a?b'],
        'x-forwarded-uri': ['/a?b'],
        'x-original-method': ['post'],
        'x-forwarded-method': ['POST'],
      },
      { method: 'POST', uri: '/a?b', host: undefined, proto: undefined },
    ],
    ['nothing', {}, { method: 'GET', uri: undefined, host: undefined, proto: undefined }],
    [
      'an IPv6 host',
      { 'x-forwarded-host': ['[2001:db8::1]:80'] },
      { method: 'GET', uri: undefined, host: '[2001:db8::1]:80', proto: undefined },
    ],
    [
      'a host with an underscore',
      { 'x-forwarded-host': ['wiki_1.internal'] },
      { method: 'GET', uri: undefined, host: 'wiki_1.internal', proto: undefined },
    ],
  ])('reads %s', (_, lines, expected) => {
    expect(describedRequest(lines, TRUSTED)).toEqual(expected);
  });

  it.each<[string, HeaderLines, number, string]>([
    [
      "a client X-Original-URI beside the proxy's X-Forwarded-Uri",
      { 'x-original-uri': ['/w/api.php?action=query'], 'x-forwarded-uri': ['/w/api.php?action=delete'] },
      400,
      'gateway_conflicting_headers',
    ],
    [
      "a client X-Original-Method beside the proxy's X-Forwarded-Method",
      { 'x-original-method': ['GET'], 'x-forwarded-method': ['POST'] },
      400,
      'gateway_conflicting_headers',
    ],
    ['one header sent twice with two values', { 'x-forwarded-uri': ['/a', '/b'] }, 400, 'gateway_conflicting_headers'],
    ['two hosts', { 'x-forwarded-host': ['a.example', 'b.example'] }, 400, 'gateway_conflicting_headers'],
    ['a host list in one line', { 'x-forwarded-host': ['a.example, b.example'] }, 403, 'gateway_bad_header'],
    ['a host with user info', { 'x-forwarded-host': ['user@a.example'] }, 403, 'gateway_bad_header'],
    [
      'a host that would start the query (nginx passes Host: h?x)',
      { 'x-forwarded-host': ['h?x'] },
      403,
      'gateway_bad_header',
    ],
    ['a host that would start a fragment', { 'x-forwarded-host': ['h#x'] }, 403, 'gateway_bad_header'],
    ['an absolute URI', { 'x-original-uri': ['http://evil.example/w/api.php'] }, 403, 'gateway_bad_header'],
    ['a method that is not one', { 'x-original-method': ['GET /'] }, 403, 'gateway_bad_header'],
    ['another scheme', { 'x-forwarded-proto': ['ftp'] }, 403, 'gateway_bad_header'],
  ])('refuses %s', (_, lines, status, code) => {
    expect(refusal(lines)).toEqual({ status, code });
  });

  it.each([
    'x-original-uri',
    'x-forwarded-uri',
    'x-original-method',
    'x-forwarded-method',
    'x-forwarded-host',
    'x-forwarded-proto',
  ])('believes %s only from a TRUST_PROXY peer', (name) => {
    expect(
      refusal(
        {
          [name]: [name.endsWith('uri') ? '/' : name.endsWith('proto') ? 'https' : name.endsWith('host') ? 'h' : 'GET'],
        },
        { trusted: false, requireUri: false },
      ),
    ).toEqual({ status: 403, code: 'gateway_untrusted_peer' });
  });

  it('lets an untrusted peer ask about its own request when it describes none', () => {
    expect(describedRequest({ 'x-forwarded-for': ['203.0.113.7'] }, { trusted: false, requireUri: false })).toEqual({
      method: 'GET',
    });
  });

  it('requires a URI when asked to (DISABLED_API_ACTIONS is read from it)', () => {
    expect(refusal({ 'x-original-method': ['GET'] }, { trusted: true, requireUri: true })).toEqual({
      status: 403,
      code: 'gateway_bad_header',
    });
  });
});
