import {
  CallbackInput,
  hasWildcardPort,
  isLoopbackHost,
  MAX_CALLBACK_LENGTH,
  validateCallbackUrl,
} from './callback-url';

// Cases from MediaWiki's ConsumerValidatorTest (callback section) and ConsumerSubmitControlTest,
// plus our stricter rules (credentials, fragments, script schemes).
const oauth1: CallbackInput = { url: '', oauthVersion: 1, ownerOnly: false, isConfidential: true, isPrefix: false };
const oauth1Prefix: CallbackInput = { ...oauth1, isPrefix: true };
const confidential2: CallbackInput = { ...oauth1, oauthVersion: 2 };
const public2: CallbackInput = { ...confidential2, isConfidential: false };
const ownerOnly: CallbackInput = { ...confidential2, ownerOnly: true };
const public2AllowsMyapp: CallbackInput = { ...public2, allowedSchemes: ['myapp'] };

const MISSING = 'mwoauth-missing-field';
const INVALID = 'mwoauth-invalid-field';
const DETAILS = 'mwoauth-invalid-field-with-details';
const TOO_LONG = 'mwoauth-invalid-field-too-long';
const HTTPS = 'mwoauth-error-callback-url-must-be-https';
const NONCONFIDENTIAL = 'mwoauth-error-callback-url-custom-protocol-nonconfidential';
const NO_PERIOD = 'mwoauth-error-callback-url-custom-scheme-no-period';
const SERVER = 'mwoauth-error-callback-server-url';
const BARE1 = 'mwoauth-error-callback-bare-domain-oauth1';
const BARE2 = 'mwoauth-error-callback-bare-domain-oauth2';

function keys(base: CallbackInput, url: string, serverOrigin?: string) {
  const { errors, warnings } = validateCallbackUrl({ ...base, url, serverOrigin });
  return { errors: errors.map((p) => p.key), warnings: warnings.map((p) => p.key) };
}

describe('validateCallbackUrl', () => {
  const longUrl = (length: number) => `https://example.com/${'x'.repeat(length - 20)}`;

  it.each([
    // [name, input, url, errors, warnings]
    ['OAuth 1 https', oauth1, 'https://example.com/oauth', [], []],
    [
      'OAuth 1 http (stricter than MediaWiki, which required HTTPS for OAuth 2 only)',
      oauth1,
      'http://example.com/oauth',
      [HTTPS],
      [],
    ],
    ['OAuth 1 http on loopback', oauth1, 'http://127.0.0.1:8080/oauth', [], []],
    ['OAuth 1 bare domain', oauth1, 'https://example.com', [], [BARE1]],
    ['OAuth 1 bare domain with slash', oauth1, 'https://example.com/', [], [BARE1]],
    ['OAuth 1 prefix bare domain', oauth1Prefix, 'https://example.com', [], []],
    ['OAuth 1 bare domain with query', oauth1, 'https://example.com/?app=1', [], []],
    ['OAuth 1 fragment is allowed', oauth1, 'https://example.com/#done', [], []],
    ['OAuth 1 custom scheme', oauth1, 'myapp://oauth/callback', [NONCONFIDENTIAL], []],
    ['OAuth 1 reverse-DNS scheme', oauth1Prefix, 'com.example.myapp://oauth/callback', [NONCONFIDENTIAL], []],
    ['OAuth 2 https', confidential2, 'https://example.com/callback', [], []],
    ['OAuth 2 http', confidential2, 'http://example.com/callback', [HTTPS], []],
    ['OAuth 2 http bare domain', confidential2, 'http://example.com', [HTTPS], []],
    ['OAuth 2 public http', public2, 'http://example.com/callback', [HTTPS], []],
    ['OAuth 2 http localhost', confidential2, 'http://localhost:8080/callback', [], []],
    ['OAuth 2 http 127.0.0.1', confidential2, 'http://127.0.0.1:8080/callback', [], []],
    ['OAuth 2 http [::1]', confidential2, 'http://[::1]:8080/oauth', [], []],
    ['OAuth 2 http *.localhost', confidential2, 'http://dev.whatever.localhost:8080/oauth', [], []],
    ['OAuth 2 http 127/8', confidential2, 'http://127.42.0.7/oauth', [], []],
    [
      'OAuth 2 http wmftest (not loopback here)',
      confidential2,
      'http://foo.wiki.local.wmftest.com:8080/oauth',
      [HTTPS],
      [],
    ],
    ['OAuth 2 bare domain', confidential2, 'https://example.com', [], [BARE2]],
    ['OAuth 2 prefix flag does not exempt', { ...confidential2, isPrefix: true }, 'https://example.com/', [], [BARE2]],
    ['OAuth 2 fragment', confidential2, 'https://example.com/cb#x', [DETAILS], []],
    ['OAuth 2 empty fragment', public2, 'https://example.com/cb#', [DETAILS], []],
    ['OAuth 2 confidential custom scheme', confidential2, 'myapp://oauth/callback', [NONCONFIDENTIAL], []],
    ['OAuth 2 public reverse-DNS scheme', public2, 'com.example.myapp://oauth/callback', [], []],
    ['OAuth 2 public reverse-DNS, no authority', public2, 'org.example.app:/cb', [], []],
    ['OAuth 2 public scheme without period (RFC 8252 §7.1)', public2, 'myapp://oauth/callback', [NO_PERIOD], []],
    ['OS handler ms-msdt', public2, 'ms-msdt:foo', [NO_PERIOD], []],
    ['OS handler search-ms', public2, 'search-ms:query=x', [NO_PERIOD], []],
    ['scheme without period, any case', public2, 'MyApp://cb', [NO_PERIOD], []],
    ['scheme allowed by the operator', public2AllowsMyapp, 'myapp://cb', [], []],
    ['allowed scheme, any case', public2AllowsMyapp, 'MyApp://cb', [], []],
    [
      'allowed list names other schemes only',
      { ...public2, allowedSchemes: ['otherapp'] },
      'myapp://cb',
      [NO_PERIOD],
      [],
    ],
    [
      'allowed scheme still needs a public client',
      { ...confidential2, allowedSchemes: ['myapp'] },
      'myapp://cb',
      [NONCONFIDENTIAL],
      [],
    ],
    ['credentials', confidential2, 'https://user:pass@example.com/cb', [DETAILS], []],
    ['port-like credentials (T428324)', oauth1, 'https://example.com:8000@evil.com/cb', [DETAILS], []],
    ['empty user name', oauth1, 'https://@example.com/cb', [DETAILS], []],
    ['credentials and fragment', public2, 'https://u@example.com/cb#f', [DETAILS, DETAILS], []],
    ['empty', confidential2, '', [MISSING], []],
    ['blank', oauth1, '   ', [MISSING], []],
    ['missing scheme', confidential2, 'example.com/callback', [INVALID], []],
    ['protocol-relative', oauth1, '//example.com/callback', [INVALID], []],
    ['no host', confidential2, 'https://', [INVALID], []],
    ['no slashes', oauth1, 'https:example.com/cb', [INVALID], []],
    ['space in host', oauth1, 'https://exa mple.com/cb', [INVALID], []],
    ['newline', oauth1, 'https://example.com/cb\n', [INVALID], []],
    ['backslash', oauth1, 'https://example.com\\@evil.com/', [INVALID], []],
    ['at the length limit', confidential2, longUrl(MAX_CALLBACK_LENGTH), [], []],
    ['over the length limit', confidential2, longUrl(MAX_CALLBACK_LENGTH + 1), [TOO_LONG], []],
    ['owner-only skips validation', ownerOnly, 'xyz', [], []],
    ['owner-only may be empty', ownerOnly, '', [], []],
    ['owner-only still bounded', ownerOnly, longUrl(MAX_CALLBACK_LENGTH + 1), [TOO_LONG], []],
  ])('%s: %#', (_name, base, url, errors, warnings) => {
    expect(keys(base, url)).toEqual({ errors, warnings });
  });

  it.each(
    ['\r\n', '\t', '\u0000', '\u001f', '\u007f', '\u0080', '\u0085', '\u009f', '\u2028', '\u2029'].map((c) => [
      JSON.stringify(c),
      c,
    ]),
  )('refuses the control character %s anywhere in the URL', (_name, c) => {
    for (const url of [
      `https://example.com/cb${c}`,
      `https://example.com/cb?a=${c}`,
      `https://example.com/cb#${c}`,
      `https://exa${c}mple.com/cb`,
    ]) {
      for (const base of [oauth1, oauth1Prefix, confidential2, public2])
        expect(keys(base, url).errors).toEqual([INVALID]);
    }
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['data:text/html,<b>hi</b>'],
    ['file:///etc/passwd'],
    ['vbscript:msgbox(1)'],
  ])('always rejects the script-like scheme of %p', (url) => {
    for (const base of [oauth1, confidential2, public2]) {
      expect(keys(base, url)).toEqual({ errors: [DETAILS], warnings: [] });
    }
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['data:text/html,x'],
    ['file:///etc/passwd'],
    ['vbscript:msgbox(1)'],
  ])('rejects %p even when the operator lists its scheme', (url) => {
    const base = { ...public2, allowedSchemes: ['javascript', 'JAVASCRIPT', 'data', 'file', 'vbscript'] };
    expect(keys(base, url)).toEqual({ errors: [DETAILS], warnings: [] });
  });

  describe('callback on this server', () => {
    const server = 'https://wiki.example.org';
    it.each([
      ['OAuth 1', oauth1, 'https://wiki.example.org/wiki/Special:OAuth', [SERVER]],
      ['OAuth 1, other case', oauth1, 'https://WIKI.example.org/callback', [SERVER]],
      ['confidential OAuth 2', confidential2, 'https://wiki.example.org/cb', [SERVER]],
      ['public OAuth 2 (gadgets)', public2, 'https://wiki.example.org/cb', []],
      ['other port', confidential2, 'https://wiki.example.org:8443/cb', []],
      ['other host', confidential2, 'https://tools.example.org/cb', []],
    ])('%s', (_name, base, url, warnings) => {
      expect(keys(base, url, server)).toEqual({ errors: [], warnings });
    });

    it('reports the server before the bare domain', () => {
      expect(keys(oauth1, 'https://wiki.example.org/', server)).toEqual({ errors: [], warnings: [SERVER] });
    });
  });

  it('names the field and uses MediaWiki wording', () => {
    expect(validateCallbackUrl({ ...confidential2, url: 'http://example.com/cb' }).errors).toEqual([
      {
        field: 'callbackUrl',
        key: HTTPS,
        message: 'Callback URLs must use the HTTPS scheme (plain http only for localhost)',
      },
    ]);
    expect(validateCallbackUrl({ ...oauth1, url: '' }).errors).toEqual([
      { field: 'callbackUrl', key: MISSING, message: 'Missing value for "callbackUrl" field' },
    ]);
  });

  it('says why a scheme without a period is refused and how an operator allows one', () => {
    const [error] = validateCallbackUrl({ ...public2, url: 'ms-msdt:foo' }).errors;
    expect(error).toEqual({
      field: 'callbackUrl',
      key: NO_PERIOD,
      message: expect.stringContaining('reverse domain name'),
    });
    expect(error.message).toContain('ALLOWED_CALLBACK_SCHEMES');
  });
});

describe('hasWildcardPort', () => {
  it.each([
    ['https://localhost:1/cb', true, true],
    ['https://localhost:01/cb', true, true],
    ['https://localhost:1/cb', false, false],
    ['https://localhost:8080/cb', true, false],
    ['https://localhost/cb', true, false],
    ['https://localhost:10/cb', true, false],
    ['not a url', true, false],
  ])('%p with isPrefix=%p → %p', (url, isPrefix, expected) => {
    expect(hasWildcardPort(url, isPrefix)).toBe(expected);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['dev.whatever.localhost', true],
    ['127.0.0.1', true],
    ['127.255.255.254', true],
    ['[::1]', true],
    ['127.256.0.1', false],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
    ['[::2]', false],
    ['localhost.example.com', false],
    ['notlocalhost', false],
    ['foo.local.wmftest.net', false],
    ['', false],
  ])('%p → %p', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
