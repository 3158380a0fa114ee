import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { buildOpenApiDocument } from '../src/openapi/openapi.setup';
import { databaseKinds } from './helpers/databases';
import { createTestApp, TestApp } from './helpers/test-app';

describe.each(databaseKinds())('platform on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers liveness without touching anything', async () => {
    const res = await request(t.server).get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('answers readiness with the database up', async () => {
    const res = await request(t.server).get('/readyz').expect(200);
    expect(res.body).toEqual({ status: 'ok', checks: { database: 'up' } });
  });

  it('sends security headers and a request id on every response', async () => {
    const res = await request(t.server).get('/healthz').expect(200);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('keeps a well-formed caller request id and replaces a malformed one', async () => {
    const kept = await request(t.server).get('/healthz').set('X-Request-Id', 'edge-42.abc').expect(200);
    expect(kept.headers['x-request-id']).toBe('edge-42.abc');
    const replaced = await request(t.server).get('/healthz').set('X-Request-Id', 'bad id <script>').expect(200);
    expect(replaced.headers['x-request-id']).not.toContain('script');
  });

  it('answers unknown routes with the JSON error shape, and an HTML page to browsers', async () => {
    const json = await request(t.server).get('/no/such/route').expect(404);
    expect(json.body).toEqual({ error: 'not_found', message: 'Not found.' });
    const html = await request(t.server).get('/no/such/route').set('Accept', 'text/html').expect(404);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.text).toContain('Not found.');
    expect(html.text).toContain(html.headers['x-request-id']);
  });

  it('has migrations that match the entities exactly (no pending schema change)', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await request(t.server).get('/openapi.json').expect(200);
    expect(doc.body.paths['/api/v1/users/me'].get.security).toEqual([{ session: [] }, { bearer: [] }]);
    const ui = await request(t.server).get('/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
  });

  it('serves the stylesheet', async () => {
    const css = await request(t.server).get('/static/style.css').expect(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = JSON.parse(readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8'));
    expect(JSON.parse(JSON.stringify(buildOpenApiDocument(t.app)))).toEqual(committed);
  });
});
