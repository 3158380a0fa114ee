import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { ConsumerCredentials } from '../src/consumers/consumer-credentials';
import { ConsumerLookup } from '../src/consumers/consumer-lookup.service';
import { databaseKinds } from './helpers/databases';
import { loginAgent } from './helpers/sessions';
import { createTestApp, TestApp } from './helpers/test-app';

const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const SECRET = 'configured-secret-0123456789abcdef-xyz';

function writeConsumers(entries: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'consentry-static-')), 'consumers.json');
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

const entry = {
  consumerKey: KEY,
  name: 'Site Tool',
  version: '1.0',
  description: 'Run by the site',
  oauthVersion: 2,
  owner: 'Operator',
  grants: ['editpage'],
  secret: SECRET,
  callbackUrl: 'https://tool.example.org/cb',
  oauth2GrantTypes: ['authorization_code', 'refresh_token'],
};

describe.each(databaseKinds())('configuration-based consumers on %s', (kind) => {
  let t: TestApp;
  let admin: TestAgent;
  beforeAll(async () => {
    t = await createTestApp(kind, {
      STATIC_CONSUMERS_FILE: writeConsumers([entry]),
      ADMIN_USERNAME: 'Operator',
      ADMIN_PASSWORD: 'operator-pass-1',
    });
    admin = await loginAgent(t.server, 'Operator', 'operator-pass-1');
  });
  afterAll(async () => {
    await t.close();
  });

  it('appears at stage 5 (configuration-based), read-only', async () => {
    const res = await request(t.server).get(`/api/v1/consumers/${KEY}`).expect(200);
    expect(res.body).toMatchObject({
      name: 'Site Tool',
      stage: 5,
      stageName: 'configuration-based',
      grants: ['basic', 'editpage'],
      owner: { username: 'Operator' },
    });
    const review = await admin
      .post(`/api/v1/consumers/${KEY}/review`)
      .set('If-Match', res.headers.etag)
      .send({ action: 'disable', reason: 'x' })
      .expect(409);
    expect(review.body.error).toBe('configuration_based');
    await admin.post(`/api/v1/consumers/${KEY}/reset-secret`).set('If-Match', res.headers.etag).send({}).expect(409);
    await admin
      .patch(`/api/v1/consumers/${KEY}`)
      .set('If-Match', res.headers.etag)
      .send({ restrictions: ['10.0.0.0/8'], reason: 'x' })
      .expect(409);
  });

  it('uses the secret from the file, which never reaches the database', async () => {
    const consumer = (await t.app.get(ConsumerLookup).findByKey(KEY))!;
    const credentials = t.app.get(ConsumerCredentials);
    expect(await credentials.verify(consumer, SECRET)).toBe(true);
    expect(await credentials.verify(consumer, `${SECRET}x`)).toBe(false);
    expect(JSON.stringify(await t.dataSource.query('SELECT * FROM consumers'))).not.toContain(SECRET);
  });
});

describe('configuration-based consumers: a bad file stops the server with a readable error', () => {
  it.each([
    [[{ ...entry, extra: 1 }], /entry 0: extra is not an accepted field/],
    [[{ ...entry, callbackUrl: 'http://tool.example.org/cb' }], /entry 0: callbackUrl/],
    [[{ ...entry, secret: undefined }], /a secret is required/],
    [[{ ...entry, owner: 'Nobody' }], /names the owner "Nobody", who does not exist/],
    [[entry, entry], /duplicate consumerKey/],
    [{ not: 'an array' }, /expected a JSON array/],
  ])('%p', async (entries, message) => {
    await expect(
      createTestApp('sqlite', {
        STATIC_CONSUMERS_FILE: writeConsumers(entries),
        ADMIN_USERNAME: 'Operator',
        ADMIN_PASSWORD: 'operator-pass-1',
      }),
    ).rejects.toThrow(message);
  });
});
