import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import request, { Response } from 'supertest';
import { freePort } from '../helpers/oauth1';
import { csrfTokenOf, setCookies } from '../helpers/sessions';
import { TEST_SECRET_KEY } from '../helpers/test-app';

/** A Consentry server in a process of its own (its own caches and connections), as behind a load balancer. */
export interface SpawnedInstance {
  url: string;
  /** The last lines it wrote (LOG_LEVEL warn), to show next to a failure. */
  log(): string[];
  stop(): Promise<void>;
}

export async function spawnInstance(env: Record<string, string>): Promise<SpawnedInstance> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const inherited = { ...process.env };
  delete inherited.REDIS_URL; // the Redis this test names, not whatever the shell had
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, '..', '..', 'src', 'main.ts')],
    {
      env: {
        ...inherited,
        ...env,
        SECRET_KEY: TEST_SECRET_KEY,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  for (let i = 0; i < 600 && !exited; i += 1) {
    if (
      await fetch(`${url}/readyz`)
        .then((r) => r.ok)
        .catch(() => false)
    ) {
      return {
        url,
        log: () => [...lines],
        stop: () =>
          new Promise<void>((resolve) => {
            if (exited) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => {
              child.kill('SIGKILL');
              resolve();
            }, 5000).unref();
          }),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`instance on ${url} did not become ready:\n${lines.slice(-30).join('\n')}`);
}

/** Every answer a test received, so that it can assert that none was a 5xx. */
export interface Answer {
  where: string;
  status: number;
  body: string;
  at: number;
}

export class Answers {
  readonly all: Answer[] = [];
  record(where: string, res: Response): Response {
    const answer = { where, status: res.status, body: res.text?.slice(0, 300) ?? '', at: Date.now() };
    this.all.push(answer);
    if (res.status >= 500) process.stderr.write(`5xx: ${where} → ${res.status} ${answer.body}\n`);
    return res;
  }
  serverErrors(): Answer[] {
    return this.all.filter((a) => a.status >= 500);
  }
  reset(): void {
    this.all.length = 0;
  }
}

type Server = unknown;
export const req = (server: Server) => request(server as Parameters<typeof request>[0]);

/**
 * A browser's cookie jar shared by requests to either instance: both serve one site behind a
 * load balancer, so a cookie set by one is sent to the other.
 */
export class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly answers: Answers) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  private keep(res: Response): Response {
    for (const line of setCookies(res)) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }
  async get(server: Server, label: string, path: string): Promise<Response> {
    const res = await req(server).get(path).set('Cookie', this.cookieHeader());
    return this.keep(this.answers.record(`${label} GET ${path.split('?')[0]}`, res));
  }
  async postForm(server: Server, label: string, path: string, form: Record<string, string>): Promise<Response> {
    const res = await req(server).post(path).set('Cookie', this.cookieHeader()).type('form').send(form);
    return this.keep(this.answers.record(`${label} POST ${path.split('?')[0]}`, res));
  }
  /** The login form: GET /login then POST it; the answer to the POST (303 when it worked). */
  async login(server: Server, label: string, username: string, password: string): Promise<Response> {
    const page = await this.get(server, label, '/login');
    if (page.status !== 200) return page;
    return this.postForm(server, label, '/login', { _csrf: csrfTokenOf(page.text), username, password });
  }
}

const decodeHtml = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');

/** The consent form on an authorize page: where it posts and its hidden fields. */
export function consentForm(html: string): { action: string; fields: Record<string, string> } {
  const action = decodeHtml(/<form method="post" action="([^"]+)" class="consent-actions">/.exec(html)?.[1] ?? '');
  if (!action) throw new Error(`no consent form on the page: ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[name] = decodeHtml(value);
  return { action, fields };
}

/** When the 503s of a failover began and ended, from the answers recorded during it. */
export function unavailableWindow(answers: Answer[]): { count: number; ms: number } {
  const times = answers.filter((a) => a.status === 503).map((a) => a.at);
  return times.length ? { count: times.length, ms: Math.max(...times) - Math.min(...times) } : { count: 0, ms: 0 };
}
