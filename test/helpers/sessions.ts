import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

/** The CSRF token in a page's first form. */
export function csrfTokenOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

/** A supertest agent (it keeps cookies) logged in through the real login form. */
export async function loginAgent(server: unknown, username: string, password: string): Promise<TestAgent> {
  const agent = request.agent(server as Parameters<typeof request.agent>[0]);
  const page = await agent.get('/login').expect(200);
  await agent
    .post('/login')
    .type('form')
    .send({ _csrf: csrfTokenOf(page.text), username, password })
    .expect(303);
  return agent;
}

/** The Set-Cookie lines of a response (supertest types the header as a string). */
export function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const value = res.headers['set-cookie'];
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}
