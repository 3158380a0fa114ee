import { Writable } from 'node:stream';
import { ConfigError } from '../config/app-config';
import { chooseLogFormat, createLogger, PinoNestLogger, prettyMessage } from './logger';

function lines(): { text: string[]; write(chunk: string): void } {
  const text: string[] = [];
  return { text, write: (chunk: string) => void text.push(chunk) };
}

describe('chooseLogFormat', () => {
  it('is pretty only in development on a terminal, unless LOG_FORMAT says', () => {
    expect(chooseLogFormat(undefined, 'development', true)).toBe('pretty');
    expect(chooseLogFormat(undefined, 'development', false)).toBe('json');
    expect(chooseLogFormat(undefined, 'production', true)).toBe('json');
    expect(chooseLogFormat('json', 'development', true)).toBe('json');
    expect(chooseLogFormat('pretty', 'production', false)).toBe('pretty');
    expect(() => chooseLogFormat('xml', 'production', false)).toThrow(ConfigError);
    expect(() => chooseLogFormat('xml', 'production', false)).toThrow('LOG_FORMAT must be one of pretty, json');
  });
});

describe('pretty output', () => {
  it('writes one readable line per event', async () => {
    const out = lines();
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out.write(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', { format: 'pretty', destination, colorize: false });
    logger.info({ req: { method: 'GET', url: '/x?token=abc', id: 'r1' }, status: 200, ms: 3 }, 'request');
    logger.info(
      { req: { method: 'GET', url: '/api/v1/users/me' }, route: '/api/v1/users/me', status: 401, ms: 2, code: 'x_y' },
      'request',
    );
    logger.info({ context: 'Janitor' }, 'Deleted 3 rows');
    await new Promise((resolve) => setImmediate(resolve));
    const text = out.text.join('');
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(text).toContain('INFO: GET /x?token=[redacted] 200 3ms');
    expect(text).toContain('INFO: GET /api/v1/users/me 401 2ms x_y\n');
    expect(text).toContain('INFO: [Janitor] Deleted 3 rows');
    expect(text).not.toContain('abc');
  });

  it('formats messages without a request as they are, and a refusal with its reason', () => {
    expect(prettyMessage({ msg: 'hello' }, 'msg')).toBe('hello');
    const refused = { msg: 'request', req: { method: 'GET', url: '/x' }, status: 403, ms: 1, code: 'c', reason: 'r' };
    expect(prettyMessage(refused, 'msg')).toBe('GET /x 403 1ms c (r)');
  });
});

describe('PinoNestLogger', () => {
  it("keeps Nest's per-module and per-route lines for LOG_LEVEL=debug", () => {
    const out = lines();
    const nest = new PinoNestLogger(createLogger('debug', { format: 'json', destination: out }));
    nest.log('Mapped {/healthz, GET} route', 'RouterExplorer');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.log('Created the first token signing key', 'SigningKeys');
    const levels = out.text.map((line) => (JSON.parse(line) as { level: number; context: string }).level);
    expect(levels).toEqual([20, 20, 30]);
  });
});
