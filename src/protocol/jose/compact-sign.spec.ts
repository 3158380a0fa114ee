import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { compactVerify, decodeProtectedHeader, jwtVerify } from 'jose';
import { signCompact, SigningAlgorithm } from './compact-sign';

const keyPairs: Record<SigningAlgorithm, () => { privateKey: KeyObject; publicKey: KeyObject }> = {
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  RS256: () => generateKeyPairSync('rsa', { modulusLength: 2048 }),
  EdDSA: () => generateKeyPairSync('ed25519'),
};

describe('signCompact (RFC 7515 §7.1), checked by jose', () => {
  it.each(Object.keys(keyPairs) as SigningAlgorithm[])(
    '%s: jose verifies the token, its header and claims',
    async (alg) => {
      const { privateKey, publicKey } = keyPairs[alg]();
      const now = Math.floor(Date.now() / 1000);
      const token = signCompact(
        alg,
        { kid: 'k1', typ: 'at+jwt' },
        { iss: 'https://issuer.example', sub: '7', scope: 'basic editpage', iat: now, exp: now + 60 },
        privateKey,
      );

      expect(decodeProtectedHeader(token)).toEqual({ alg, kid: 'k1', typ: 'at+jwt' });
      const { payload, protectedHeader } = await jwtVerify(token, publicKey, {
        issuer: 'https://issuer.example',
        algorithms: [alg],
        typ: 'at+jwt',
      });
      expect(protectedHeader.alg).toBe(alg);
      expect(payload).toMatchObject({ sub: '7', scope: 'basic editpage', exp: now + 60 });
    },
  );

  it('ES256 signatures are the 64-byte R || S of RFC 7518 §3.4, not DER', () => {
    const { privateKey } = keyPairs.ES256();
    const signature = signCompact('ES256', {}, { a: 1 }, privateKey).split('.')[2];
    expect(Buffer.from(signature, 'base64url')).toHaveLength(64);
  });

  it('a changed payload or another key does not verify', async () => {
    const { privateKey, publicKey } = keyPairs.ES256();
    const [header, , signature] = signCompact('ES256', {}, { sub: '1' }, privateKey).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: '2' })).toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, publicKey)).rejects.toThrow();
    const other = createPublicKey(keyPairs.ES256().privateKey);
    await expect(compactVerify(signCompact('ES256', {}, { sub: '1' }, privateKey), other)).rejects.toThrow();
  });
});
