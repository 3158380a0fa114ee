import request from 'supertest';
import { packageVersion } from '../src/common/package-version';
import { createTestApp, TestApp } from './helpers/test-app';

describe('site assets and titles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves an icon that every page links, and sends /favicon.ico to it', async () => {
    const icon = await request(t.server).get('/static/favicon.svg').expect(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const old = await request(t.server).get('/favicon.ico').expect(301);
    expect(old.headers.location).toBe('/static/favicon.svg');
    for (const page of ['/', '/login', '/consumers']) {
      const html = (await request(t.server).get(page).expect(200)).text;
      expect(html).toContain('<link rel="icon" href="/static/favicon.svg"');
      expect(html).toMatch(/<title>[^<]*Consentry<\/title>/);
    }
  });

  it('titles the API documentation with the name and version', async () => {
    const version = packageVersion();
    const html = (await request(t.server).get('/docs').redirects(1).expect(200)).text;
    expect(html).toContain(`<title>Consentry ${version} API</title>`);
    const document = (await request(t.server).get('/openapi.json').expect(200)).body as { info: { version: string } };
    expect(document.info.version).toBe(version);
  });
});
