import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { checkRsaPublicKey, MAX_MODULUS_BITS, MAX_RSA_KEY_LENGTH } from './rsa-key';

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed25519 = generateKeyPairSync('ed25519');
const rsaPss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });

/** OpenSSL builds with a higher RSA floor refuse to generate 512-bit keys: skip that case then. */
function tryRsa512(): string | null {
  try {
    return generateKeyPairSync('rsa', { modulusLength: 512 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
  } catch {
    return null;
  }
}
const rsa512Spki = tryRsa512();

const spki = rsa2048.publicKey.export({ type: 'spki', format: 'pem' }) as string;
const pkcs1 = rsa2048.publicKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const pkcs8Private = rsa2048.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const pkcs1Private = rsa2048.privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
const encryptedPrivate = rsa2048.privateKey.export({
  type: 'pkcs8',
  format: 'pem',
  cipher: 'aes-256-cbc',
  passphrase: 'secret',
}) as string;
/**
 * An RSA public key with a modulus of exactly `bits` bits and exponent `e`, built from its
 * numbers: a public key is only (n, e), and generating a real 8192-bit pair takes seconds.
 */
function craftedRsa(bits: number, e = 65537n, type: 'spki' | 'pkcs1' = 'spki'): string {
  const n = randomBytes(Math.ceil(bits / 8));
  n[0] &= 0xff >> (n.length * 8 - bits);
  n[0] |= 0x80 >> (n.length * 8 - bits);
  n[n.length - 1] |= 1;
  const eHex = e.toString(16);
  const eBytes = Buffer.from(eHex.length % 2 ? `0${eHex}` : eHex, 'hex');
  const key = createPublicKey({
    key: { kty: 'RSA', n: n.toString('base64url'), e: eBytes.toString('base64url') },
    format: 'jwk',
  });
  return key.export({ type, format: 'pem' }) as string;
}

const certificateLike = spki.replace(/PUBLIC KEY/g, 'CERTIFICATE');

describe('checkRsaPublicKey', () => {
  it.each([
    ['an SPKI "PUBLIC KEY" PEM', spki],
    ['a PKCS#1 "RSA PUBLIC KEY" PEM', pkcs1],
    ['a PEM with surrounding whitespace', `\n  ${spki}\n\n`],
    ['a PEM with Windows line endings', spki.replace(/\n/g, '\r\n')],
    ['a 1024-bit key, the minimum', rsa1024.publicKey.export({ type: 'spki', format: 'pem' }) as string],
  ])('accepts %s', (_label, pem) => {
    expect(checkRsaPublicKey(pem)).toBe('ok');
  });

  it.each([
    ['the empty string', ''],
    ['whitespace only', ' \n\t\r\n '],
  ])('reports %s as empty (the consumer then signs with HMAC-SHA1)', (_label, pem) => {
    expect(checkRsaPublicKey(pem)).toBe('empty');
  });

  it.each([
    ['a PKCS#8 private key', pkcs8Private],
    ['a PKCS#1 private key', pkcs1Private],
    ['an encrypted private key', encryptedPrivate],
    ['a public key followed by its private key', `${spki}\n${pkcs8Private}`],
    ['a private key followed by its public key', `${pkcs8Private}\n${spki}`],
    ['two public keys', `${spki}\n${spki}`],
    ['a certificate block', certificateLike],
    ['SPKI content under the PKCS#1 label', spki.replace(/PUBLIC KEY/g, 'RSA PUBLIC KEY')],
    ['mismatched BEGIN and END labels', spki.replace('END PUBLIC KEY', 'END RSA PUBLIC KEY')],
    ['a truncated body', spki.slice(0, 120) + '\n-----END PUBLIC KEY-----\n'],
    ['a body that is not base64', '-----BEGIN PUBLIC KEY-----\nnot*base64!\n-----END PUBLIC KEY-----'],
    ['an empty body', '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----'],
    ['bare base64 without PEM markers', spki.split('\n').slice(1, -2).join('\n')],
    ['garbage', 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host'],
  ])('refuses %s as invalid', (_label, pem) => {
    expect(checkRsaPublicKey(pem)).toBe('invalid');
  });

  (rsa512Spki ? it : it.skip)('refuses an RSA key under 1024 bits as too small', () => {
    expect(checkRsaPublicKey(rsa512Spki as string)).toBe('too-small');
  });

  it.each([
    ['a crafted 1023-bit key', 'too-small', craftedRsa(1023)],
    ['a crafted 1024-bit key', 'ok', craftedRsa(1024)],
    ['a crafted 4096-bit key, the maximum', 'ok', craftedRsa(MAX_MODULUS_BITS)],
    ['a crafted 4096-bit PKCS#1 key', 'ok', craftedRsa(MAX_MODULUS_BITS, 65537n, 'pkcs1')],
    ['a 4097-bit key', 'too-large', craftedRsa(MAX_MODULUS_BITS + 1)],
    ['an 8192-bit key', 'too-large', craftedRsa(8192)],
    ['a 16384-bit PKCS#1 key', 'too-large', craftedRsa(16384, 65537n, 'pkcs1')],
    // Verifying costs one squaring per exponent bit: a 2048-bit exponent makes every check as slow as signing.
    ['a 2048-bit key with a 2048-bit public exponent', 'too-large', craftedRsa(2048, (1n << 2047n) + 1n)],
    ['a 2048-bit key with a 256-bit public exponent', 'ok', craftedRsa(2048, (1n << 255n) + 1n)],
    ['a 2048-bit key with public exponent 1', 'invalid', craftedRsa(2048, 1n)],
    ['a 2048-bit key with an even public exponent', 'invalid', craftedRsa(2048, 65536n)],
  ])('bounds the key size: %s is %s', (_label, verdict, pem) => {
    expect(checkRsaPublicKey(pem)).toBe(verdict);
  });

  it.each([
    ['an EC P-256 key', ec.publicKey.export({ type: 'spki', format: 'pem' }) as string],
    ['an Ed25519 key', ed25519.publicKey.export({ type: 'spki', format: 'pem' }) as string],
    // RSA-SHA1 needs PKCS#1 v1.5 padding (RFC 5849 §3.4.3), which a PSS-only key cannot verify.
    ['an RSA-PSS-only key', rsaPss.publicKey.export({ type: 'spki', format: 'pem' }) as string],
  ])('refuses %s as not-rsa', (_label, pem) => {
    expect(checkRsaPublicKey(pem)).toBe('not-rsa');
  });

  it('refuses input over the length limit before parsing it', () => {
    const padded = spki + ' '.repeat(MAX_RSA_KEY_LENGTH - spki.length + 1);
    expect(checkRsaPublicKey(padded)).toBe('too-long');
    expect(checkRsaPublicKey(padded.slice(0, -1))).toBe('ok');
  });

  it('answers quickly for a long run of whitespace after a BEGIN line', () => {
    const started = process.hrtime.bigint();
    expect(checkRsaPublicKey(`-----BEGIN PUBLIC KEY-----${' '.repeat(MAX_RSA_KEY_LENGTH - 40)}x`)).toBe('invalid');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
});
