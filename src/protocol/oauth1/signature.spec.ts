// The default import is the module object itself, so a spy on it is what signature.ts calls.
import crypto from 'node:crypto';
import { sign, signatureKey, SigningMethod, verifySignature, VerifySignatureInput } from './signature';
import { thrown } from './testing';

// RFC 5849 §3.4.1.1 (the example request of §3.1).
const RFC_BASE_STRING =
  'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D' +
  '%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1' +
  '%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7';
// oauthlib tests/oauth1/rfc5849/test_signatures.py: hmac_client secrets.
const OAUTHLIB_CS = 'ECrDNoq1VYzzzzzzzzzyAK7TwZNtPnkqatqZZZZ';
const OAUTHLIB_TS = 'just-a-string    asdasd';
const OAUTHLIB_PLAINTEXT = 'ECrDNoq1VYzzzzzzzzzyAK7TwZNtPnkqatqZZZZ&just-a-string%20%20%20%20asdasd';
// OAuth Core 1.0a appendix A.5.1 base string.
const CORE_A5_BASE_STRING =
  'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03' +
  '%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096' +
  '%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal';
// python3-oauthlib 3.2.2 on the tricky pairs of base-string.spec.ts.
const TRICKY_BASE_STRING =
  'POST&https%3A%2F%2Fapi.example.com%2Fw%2Findex.php&a%3D%26oauth_consumer_key%3Dkey%26oauth_nonce%3Dn%25211' +
  '%26x%3D%252A%26x%3D%25C3%25A9%26x%3DA%26x%3Da%26x%3D~%26z%2520y%3D1%252B1%253D2';

// oauthlib test_signatures.py: key pair (public key as PKCS#1, "BEGIN RSA PUBLIC KEY").
const RSA_PUBLIC_PKCS1 = `-----BEGIN RSA PUBLIC KEY-----
MIGJAoGBAOTX9vHJLxDyOKF4d5hin/isQomil5BFEoqlkjizmL5Q/BWm6kYCXBdZ
/NfBIxoo8Cgok127u2opGeKqy3m6gdfD3yCPTHvNqa7QKTUu1DhzukUxVqHkhgaE
GLYT3Jw1Lfb1bbuck9Y0JsRJO7uydWUbxXyZ+8YaDfE2NMw7sh2vAgMBAAE=
-----END RSA PUBLIC KEY-----
`;
// The same key as SPKI ("BEGIN PUBLIC KEY"), as MediaWiki consumers usually register it.
const RSA_PUBLIC_SPKI = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDk1/bxyS8Q8jiheHeYYp/4rEKJ
opeQRRKKpZI4s5i+UPwVpupGAlwXWfzXwSMaKPAoKJNdu7tqKRniqst5uoHXw98g
j0x7zamu0Ck1LtQ4c7pFMVah5IYGhBi2E9ycNS329W27nJPWNCbESTu7snVlG8V8
mfvGGg3xNjTMO7IdrwIDAQAB
-----END PUBLIC KEY-----
`;
// oauthlib expected_signature_rsa_sha1 of RFC_BASE_STRING.
const RSA_SHA1_SIGNATURE =
  'mFY2KOEnlYWsTvUA+5kxuBIcvBYXu+ljw9ttVJQxKduMueGSVPCB1tK1PlqVLK738HK0t19ecBJfb6rMxUwrriw+MlBO+jpojkZIWccw1' +
  'J4cAb4qu4M81DbpUAq4j/1w/QyTR4TWCODlEfN7Zfgy8+pf+TjiXfIwRC1jEWbuL1E=';

describe('signatureKey (RFC 5849 §3.4.2, §3.4.4)', () => {
  it.each([
    ['kd94hf93k423kf44', undefined, 'kd94hf93k423kf44&'],
    ['kd94hf93k423kf44', '', 'kd94hf93k423kf44&'],
    ['', 'x', '&x'],
    [OAUTHLIB_CS, OAUTHLIB_TS, OAUTHLIB_PLAINTEXT],
    ['cs ~&é', 'ts/+', 'cs%20~%26%C3%A9&ts%2F%2B'], // oauthlib sign_plaintext
  ])('joins %p and %p as %p', (consumerSecret, tokenSecret, expected) => {
    expect(signatureKey(consumerSecret, tokenSecret)).toBe(expected);
  });
});

describe('sign', () => {
  it.each<[string, SigningMethod, string, string, string, string]>([
    // The RFC prints bYT5CMsGcbgUdFHObYMEfcx6bsw= in §3.1, which does not match its own base string
    // and secrets; oauthlib and OpenSSL both give this value.
    ['RFC 5849 §3.1', 'HMAC-SHA1', RFC_BASE_STRING, 'j49sk3j29djd', 'dh893hdasih9', 'r6/TJjbCOr97/+UU0NsvSne7s5g='],
    ['oauthlib HMAC-SHA1', 'HMAC-SHA1', RFC_BASE_STRING, OAUTHLIB_CS, OAUTHLIB_TS, 'wsdNmjGB7lvis0UJuPAmjvX/PXw='],
    [
      'oauthlib HMAC-SHA256',
      'HMAC-SHA256',
      RFC_BASE_STRING,
      OAUTHLIB_CS,
      OAUTHLIB_TS,
      'wdfdHUKXHbOnOGZP8WFAWMSAmWzN3EVBWWgXGlC/Eo4=',
    ],
    ['oauthlib PLAINTEXT', 'PLAINTEXT', RFC_BASE_STRING, OAUTHLIB_CS, OAUTHLIB_TS, OAUTHLIB_PLAINTEXT],
    [
      'OAuth Core 1.0a A.5.2',
      'HMAC-SHA1',
      CORE_A5_BASE_STRING,
      'kd94hf93k423kf44',
      'pfkkdhi9sl3r4s00',
      'tR3+Ty81lMeYAr/Fid0kMTYa/WM=',
    ],
    ['oauthlib, tricky input, SHA1', 'HMAC-SHA1', TRICKY_BASE_STRING, 'cs ~&é', 'ts/+', 'QKD/MxQuSXz5XL+Ef+etuTGA8+w='],
    [
      'oauthlib, tricky input, SHA256',
      'HMAC-SHA256',
      TRICKY_BASE_STRING,
      'cs ~&é',
      'ts/+',
      'AltooAJb5Q6zvZeR9Pm4++p1b2YCvY7rsOZKWtRMsDA=',
    ],
    [
      'RFC 5849 §3.1, SHA256 (oauthlib)',
      'HMAC-SHA256',
      RFC_BASE_STRING,
      'j49sk3j29djd',
      'dh893hdasih9',
      'lIfydhbOitvsm4DvUwgM0NdR1Mzd08HnXI+q+EG0QKo=',
    ],
  ])('%s', (_, method, baseString, consumerSecret, tokenSecret, expected) => {
    expect(sign(method, baseString, consumerSecret, tokenSecret)).toBe(expected);
  });
});

describe('verifySignature', () => {
  const hmac = (method: string, signature: string, extra: Partial<VerifySignatureInput> = {}) =>
    verifySignature({
      method,
      signature,
      baseString: RFC_BASE_STRING,
      consumerSecret: OAUTHLIB_CS,
      tokenSecret: OAUTHLIB_TS,
      allowPlaintext: false,
      ...extra,
    });

  describe.each<[SigningMethod, string]>([
    ['HMAC-SHA1', 'wsdNmjGB7lvis0UJuPAmjvX/PXw='],
    ['HMAC-SHA256', 'wdfdHUKXHbOnOGZP8WFAWMSAmWzN3EVBWWgXGlC/Eo4='],
  ])('%s', (method, good) => {
    it('accepts the oauthlib vector', () => {
      expect(hmac(method, good)).toBe(true);
    });

    // oauthlib test_hmac_false_positives, plus near misses of the good value.
    it.each([
      ['empty', ''],
      ['random base64', 'ZG9uJ3QgdHJ1c3QgbWUK'],
      ['non-ASCII', 'altérer'],
      ['truncated', good.slice(0, -1)],
      ['one character changed', `${good[0] === 'A' ? 'B' : 'A'}${good.slice(1)}`],
      ['other base string', sign(method, 'not the signature base string', OAUTHLIB_CS, OAUTHLIB_TS)],
      ['other consumer secret', sign(method, RFC_BASE_STRING, 'wrong-secret', OAUTHLIB_TS)],
      ['other token secret', sign(method, RFC_BASE_STRING, OAUTHLIB_CS, 'wrong-secret')],
      ['no token secret', sign(method, RFC_BASE_STRING, OAUTHLIB_CS, '')],
      ['no consumer secret', sign(method, RFC_BASE_STRING, '', OAUTHLIB_TS)],
    ])('rejects a signature that is %s', (_, signature) => {
      expect(hmac(method, signature)).toBe(false);
    });

    it.each([[undefined], ['']])(
      'cannot verify with the consumer secret %p: 401 invalid_signature',
      (consumerSecret) => {
        expect(thrown(() => hmac(method, good, { consumerSecret }))).toMatchObject({
          key: 'invalid_signature',
          status: 401,
        });
      },
    );
  });

  it('compares HMAC signatures in constant time', () => {
    const spy = jest.spyOn(crypto, 'timingSafeEqual');
    try {
      expect(hmac('HMAC-SHA1', 'wsdNmjGB7lvis0UJuPAmjvX/PXx=')).toBe(false);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  describe('RSA-SHA1 (RFC 5849 §3.4.3)', () => {
    const rsa = (signature: string, rsaPublicKeyPem: string | undefined, baseString = RFC_BASE_STRING) =>
      verifySignature({
        method: 'RSA-SHA1',
        signature,
        baseString,
        rsaPublicKeyPem,
        consumerSecret: 'ignored',
        allowPlaintext: false,
      });
    const other = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
    const otherPem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const signedByOther = crypto.sign('RSA-SHA1', Buffer.from(RFC_BASE_STRING), other.privateKey).toString('base64');

    it.each([
      ['PKCS#1', RSA_PUBLIC_PKCS1],
      ['SPKI', RSA_PUBLIC_SPKI],
    ])('accepts the oauthlib vector with a %s key', (_, pem) => {
      expect(rsa(RSA_SHA1_SIGNATURE, pem)).toBe(true);
    });

    it('accepts a signature made with node:crypto', () => {
      expect(rsa(signedByOther, otherPem)).toBe(true);
    });

    it.each([
      ['made by another key', signedByOther, RFC_BASE_STRING],
      ['of another base string', RSA_SHA1_SIGNATURE, `${RFC_BASE_STRING}x`],
      ['empty', '', RFC_BASE_STRING],
      ['not base64', `${RSA_SHA1_SIGNATURE.slice(0, -4)}!!!=`, RFC_BASE_STRING],
      [
        'base64 with a line break',
        `${RSA_SHA1_SIGNATURE.slice(0, 64)}\n${RSA_SHA1_SIGNATURE.slice(64)}`,
        RFC_BASE_STRING,
      ],
    ])('rejects a signature %s', (_, signature, baseString) => {
      expect(rsa(signature, RSA_PUBLIC_PKCS1, baseString)).toBe(false);
    });

    it.each([
      ['no key', undefined],
      ['an empty key', ''],
      ['a malformed key', '-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n'],
      // With an EC key, verify('RSA-SHA1', ...) would quietly run ECDSA instead.
      [
        'an EC key',
        crypto
          .generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .publicKey.export({ type: 'spki', format: 'pem' })
          .toString(),
      ],
    ])('cannot verify with %s: 401 invalid_signature', (_, pem) => {
      expect(thrown(() => rsa(RSA_SHA1_SIGNATURE, pem))).toMatchObject({ key: 'invalid_signature', status: 401 });
    });
  });

  describe('PLAINTEXT (RFC 5849 §3.4.4)', () => {
    const plaintext = (signature: string, allowPlaintext: boolean) =>
      verifySignature({
        method: 'PLAINTEXT',
        signature,
        baseString: 'unused',
        consumerSecret: OAUTHLIB_CS,
        tokenSecret: OAUTHLIB_TS,
        allowPlaintext,
      });

    it('accepts the key when allowed', () => {
      expect(plaintext(OAUTHLIB_PLAINTEXT, true)).toBe(true);
    });

    it.each([
      ['ECrDNoq1VYzzzzzzzzzyAK7TwZNtPnkqatqZZZZ&just-a-string    asdasd'],
      ['ECrDNoq1VYzzzzzzzzzyAK7TwZNtPnkqatqZZZZ&'],
      [''],
    ])('rejects %p when allowed', (signature) => {
      expect(plaintext(signature, true)).toBe(false);
    });

    it('is an unsupported method unless allowed, and the message lists the others', () => {
      const error = thrown(() => plaintext(OAUTHLIB_PLAINTEXT, false));
      expect(error).toMatchObject({ key: 'unsupported_signature_method', status: 400 });
      expect(error.message).toContain('HMAC-SHA1, HMAC-SHA256, RSA-SHA1.');
    });
  });

  it.each([
    ['HMAC-SHA512', false, 'HMAC-SHA1, HMAC-SHA256, RSA-SHA1.'],
    ['hmac-sha1', false, 'HMAC-SHA1, HMAC-SHA256, RSA-SHA1.'], // method names are case-sensitive
    ['', true, 'HMAC-SHA1, HMAC-SHA256, RSA-SHA1, PLAINTEXT.'],
    ['RSA-SHA256', true, 'HMAC-SHA1, HMAC-SHA256, RSA-SHA1, PLAINTEXT.'],
  ])('refuses the method %p (plaintext allowed: %p) with 400, listing %p', (method, allowPlaintext, list) => {
    const error = thrown(() => hmac(method, 'x', { allowPlaintext }));
    expect(error).toMatchObject({ key: 'unsupported_signature_method', status: 400 });
    expect(error.message).toContain(list);
  });
});
