import request from 'supertest';
import { startManagementListener } from '../src/health/management-listener';
import { databaseKinds } from './helpers/databases';
import { freePort } from './helpers/oauth1';
import { createTestApp, TestApp } from './helpers/test-app';

/** docs/operations.md#management-listener: probes and metrics on a port of their own, nothing else there. */
describe.each(databaseKinds())('Management listener on %s', (kind) => {
  describe('MANAGEMENT_PORT set, METRICS_PUBLIC=false', () => {
    let t: TestApp;
    let management: string;

    beforeAll(async () => {
      const port = await freePort();
      t = await createTestApp(kind, { MANAGEMENT_PORT: String(port), METRICS_PUBLIC: 'false', HOST: '127.0.0.1' });
      const address = await startManagementListener(t.app, t.config);
      expect(address).toEqual({ host: '127.0.0.1', port });
      management = `http://127.0.0.1:${port}`;
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers both probes', async () => {
      const live = await request(management).get('/healthz').expect(200);
      expect(live.body).toEqual({ status: 'ok' });
      const ready = await request(management).get('/readyz').expect(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up' } });
    });

    it('serves the metrics there, counting the public listener’s requests', async () => {
      await request(t.server).get('/healthz').expect(200);
      const res = await request(management).get('/metrics').expect(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.text).toMatch(/consentry_http_request_duration_seconds_count\{[^}]*route="\/healthz"/);
    });

    it('serves nothing else: the OAuth endpoints, pages and the API are 404 there', async () => {
      for (const path of ['/oauth2/token', '/api/v1/users/me', '/', '/login', '/docs']) {
        const res = await request(management).get(path).expect(404);
        expect(res.body).toEqual({ error: 'not_found', message: 'Not found.' });
      }
      await request(management)
        .post('/oauth2/token')
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(404);
    });

    it('keeps /metrics off the public listener, with the answer any unknown path gets', async () => {
      const res = await request(t.server).get('/metrics').expect(404);
      expect(res.body).toEqual({ error: 'not_found', message: 'Not found.' });
      // The probes stay on the public listener too: orchestrators already configured keep working.
      await request(t.server).get('/healthz').expect(200);
      await request(t.server).get('/readyz').expect(200);
    });

    it('is closed with the application', async () => {
      const port = await freePort();
      const other = await createTestApp(kind, { MANAGEMENT_PORT: String(port), HOST: '127.0.0.1' });
      await startManagementListener(other.app, other.config);
      await request(`http://127.0.0.1:${port}`).get('/healthz').expect(200);
      await other.close();
      await expect(request(`http://127.0.0.1:${port}`).get('/healthz')).rejects.toThrow(/ECONNREFUSED/);
    });
  });

  describe('defaults in test', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp(kind);
    });
    afterAll(async () => {
      await t.close();
    });

    it('has no management listener and serves /metrics publicly', async () => {
      expect(t.config.managementPort).toBeUndefined();
      expect(await startManagementListener(t.app, t.config)).toBeUndefined();
      const res = await request(t.server).get('/metrics').expect(200);
      expect(res.text).toContain('consentry_http_request_duration_seconds');
    });
  });
});
