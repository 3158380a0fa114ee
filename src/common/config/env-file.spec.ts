import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './app-config';
import { withEnvFile } from './env-file';

const folder = () => mkdtempSync(join(tmpdir(), 'consentry-env-'));

describe('withEnvFile', () => {
  it('reads .env in the working directory, the environment winning, even when set empty', () => {
    const dir = folder();
    writeFileSync(
      join(dir, '.env'),
      '# a comment\nPUBLIC_URL=https://auth.example.org\nPORT=4000\nREDIS_URL=redis://127.0.0.1:6379\n' +
        'APP_NAME="Two words" # trailing comment\n',
    );
    expect(withEnvFile({ PORT: '5000', REDIS_URL: '' }, dir)).toEqual({
      PUBLIC_URL: 'https://auth.example.org',
      PORT: '5000',
      REDIS_URL: '',
      APP_NAME: 'Two words',
    });
  });

  it('leaves the environment as it is without a .env file', () => {
    const env = { PORT: '5000' };
    expect(withEnvFile(env, folder())).toBe(env);
  });

  it('reads the file ENV_FILE names, relative to the working directory, instead of .env', () => {
    const dir = folder();
    mkdirSync(join(dir, 'etc'));
    writeFileSync(join(dir, '.env'), 'PORT=1111\n');
    writeFileSync(join(dir, 'etc', 'consentry.env'), 'PORT=2222\n');
    expect(withEnvFile({ ENV_FILE: 'etc/consentry.env' }, dir)).toEqual({
      ENV_FILE: 'etc/consentry.env',
      PORT: '2222',
    });
    expect(withEnvFile({ ENV_FILE: join(dir, 'etc', 'consentry.env') }, '/')).toMatchObject({ PORT: '2222' });
  });

  it('refuses a file ENV_FILE names that cannot be read, naming it', () => {
    const dir = folder();
    expect(() => withEnvFile({ ENV_FILE: 'missing.env' }, dir)).toThrow(ConfigError);
    expect(() => withEnvFile({ ENV_FILE: 'missing.env' }, dir)).toThrow(
      `cannot read the env file ${join(dir, 'missing.env')} (named by ENV_FILE): ENOENT`,
    );
  });
});
