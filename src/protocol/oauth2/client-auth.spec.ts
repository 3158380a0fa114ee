import { OAuth2ProtocolError } from './errors';
import { parseClientSecretBasic } from './client-auth';

/** RFC 6749 Appendix B as most clients do it (simple-oauth2, Auth.js). */
const plainEncode = (v: string): string => encodeURIComponent(v).replace(/%20/g, '+');
/** oauth4webapi's formUrlEncode also escapes the characters encodeURIComponent leaves alone. */
const oauth4webapiEncode = (v: string): string =>
  encodeURIComponent(v).replace(/(?:[-_.!~*'()]|%20)/g, (s) =>
    s === '%20' ? '+' : `%${s.charCodeAt(0).toString(16).toUpperCase()}`,
  );
const basic = (id: string, secret: string, encode: (v: string) => string): string =>
  `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`, 'utf8').toString('base64')}`;
const raw = (credentials: string): string => `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;

const PAIRS: Array<[string, string]> = [
  ['s6BhdRkqt3', '7Fjfp0ZBr1KtDRbnfVdmIw'],
  ['my-client_id.v1~', "s3cr*t'(x)!-_.~"],
  ['client', 'pa:ss:word'],
  ['client with space', 'p+q%r&s=t/u?v#w'],
  ['clïent', 'sécret 🔑'],
  ['client', ''],
];

describe('parseClientSecretBasic (RFC 6749 §2.3.1)', () => {
  it('decodes the RFC 6749 §2.3.1 example header', () => {
    expect(parseClientSecretBasic('Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3')).toEqual({
      clientId: 's6BhdRkqt3',
      clientSecret: '7Fjfp0ZBr1KtDRbnfVdmIw',
    });
  });

  it.each(
    PAIRS.flatMap(([id, secret]) => [
      ['plain', id, secret, basic(id, secret, plainEncode)],
      ['oauth4webapi', id, secret, basic(id, secret, oauth4webapiEncode)],
    ]),
  )('%s encoding of %p / %p', (_encoding, clientId, clientSecret, header) => {
    expect(parseClientSecretBasic(header)).toEqual({ clientId, clientSecret });
  });

  it('really exercises two different encodings', () => {
    expect(basic('a-b', 'c', oauth4webapiEncode)).not.toBe(basic('a-b', 'c', plainEncode));
  });

  it.each([
    // Clients that skip the form encoding: kept as sent when it does not percent-decode.
    ['client:abc%zz', 'client', 'abc%zz'],
    ['client:100%', 'client', '100%'],
    ['cl%ient:x', 'cl%ient', 'x'],
    ['client:a:b::', 'client', 'a:b::'],
    ['client:a b', 'client', 'a b'],
    // Split at the first colon; an encoded colon in the id is part of the id.
    ['urn%3Aclient:s', 'urn:client', 's'],
    // Ambiguous for non-encoding clients: read as the RFC says.
    ['client:a+b', 'client', 'a b'],
    ['client:', 'client', ''],
  ])('raw credentials %p → %p / %p', (credentials, clientId, clientSecret) => {
    expect(parseClientSecretBasic(raw(credentials))).toEqual({ clientId, clientSecret });
  });

  it.each([
    ['basic dTpw', 'u', 'p'],
    ['BASIC dTpw', 'u', 'p'],
    ['Basic   dTpw  ', 'u', 'p'],
  ])('accepts %p (the scheme is case-insensitive)', (header, clientId, clientSecret) => {
    expect(parseClientSecretBasic(header)).toEqual({ clientId, clientSecret });
  });

  it.each([[undefined], [''], ['   '], ['Bearer abc'], ['Basicabc'], ['Digest username="u"']])(
    '%p is not client_secret_basic',
    (header) => {
      expect(parseClientSecretBasic(header)).toBeUndefined();
    },
  );

  it.each([
    ['no credentials', 'Basic', /malformed/],
    ['not base64', 'Basic !!!!', /malformed/],
    ['base64url alphabet', 'Basic YTpi-_8=', /malformed/],
    ['bad length', 'Basic YTp', /malformed/],
    ['missing padding', 'Basic YTpiYw', /malformed/],
    ['two tokens', 'Basic YTpi YTpi', /malformed/],
    ['no colon', raw('SECRETclient'), /malformed/],
    ['invalid UTF-8', `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`, /malformed/],
    ['an empty client_id', raw(':SECRETsecret'), /empty client_id/],
  ])('refuses %s with invalid_client and a Basic challenge', (_name, header, description) => {
    let thrown: unknown;
    try {
      parseClientSecretBasic(header);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(OAuth2ProtocolError);
    const e = thrown as OAuth2ProtocolError;
    expect({ error: e.error, status: e.status, headers: e.headers }).toEqual({
      error: 'invalid_client',
      status: 401,
      headers: { 'WWW-Authenticate': 'Basic realm="oauth2"' },
    });
    expect(e.description).toMatch(description);
    expect(e.description).not.toMatch(/SECRET/);
  });

  it('uses the realm it is given in the challenge', () => {
    expect(() => parseClientSecretBasic('Basic !!!!', 'wiki')).toThrow(
      expect.objectContaining({ headers: { 'WWW-Authenticate': 'Basic realm="wiki"' } }),
    );
  });
});
