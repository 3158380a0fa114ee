import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The loopback ports of one gateway run: Consentry, the example action API, the gateway itself. */
export interface GatewayPorts {
  consentry: number;
  api: number;
  listen: number;
}

/** A real gateway process, started by its PID and stopped by it. */
export interface RunningGateway {
  url: string;
  stop(): Promise<void>;
}

/** A gateway the e2e suite drives: Debian's binary, and how to run the committed example with given ports. */
export interface GatewayKind {
  name: string;
  binary: string;
  /** The Debian package that brings `binary` (.ci/run installs it). */
  packageName: string;
  /** Whether Consentry's refusal body reaches the client (Caddy), or the gateway's own page does (nginx). */
  passesRefusalBody: boolean;
  start(ports: GatewayPorts): Promise<RunningGateway>;
}

const example = (...path: string[]) => readFileSync(join(__dirname, '..', '..', 'examples', ...path), 'utf8');

async function waitFor(url: string, child: ChildProcess, log: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) throw new Error(`${url}: the gateway exited (${child.exitCode}); see ${log}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${url} did not answer; see ${log}`);
}

/** Starts `command` in its own folder and waits for `url`; stop() signals that PID and waits for it to exit. */
async function run(
  command: string,
  args: (dir: string) => string[],
  setup: (dir: string) => void,
  url: string,
  signal: NodeJS.Signals,
): Promise<RunningGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'consentry-gateway-'));
  setup(dir);
  const child = spawn(command, args(dir), {
    stdio: 'ignore',
    env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, signal);
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(url, child, dir);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** Debian's nginx running examples/nginx/consentry.conf, wrapped in a minimal nginx.conf. */
export const nginx: GatewayKind = {
  name: 'nginx auth_request',
  binary: '/usr/sbin/nginx',
  packageName: 'nginx-light',
  passesRefusalBody: false,
  start(ports) {
    const site = example('nginx', 'consentry.conf')
      .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${ports.consentry};`)
      .replace('server 127.0.0.1:8080;', `server 127.0.0.1:${ports.api};`)
      .replace('listen 80;', `listen 127.0.0.1:${ports.listen};`);
    const conf = (dir: string) =>
      `daemon off;\nworker_processes 1;\nerror_log ${dir}/error.log warn;\npid ${dir}/nginx.pid;\n` +
      'events { worker_connections 128; }\nhttp {\n  access_log off;\n' +
      `  client_body_temp_path ${dir}/body;\n  proxy_temp_path ${dir}/proxy;\n${site}\n}\n`;
    return run(
      this.binary,
      (dir) => ['-p', dir, '-c', join(dir, 'nginx.conf')],
      (dir) => writeFileSync(join(dir, 'nginx.conf'), conf(dir)),
      `http://127.0.0.1:${ports.listen}/`,
      'SIGQUIT',
    );
  },
};

/** Debian's Caddy running examples/caddy/Caddyfile, on plain HTTP on loopback, without its admin endpoint. */
export const caddy: GatewayKind = {
  name: 'Caddy forward_auth',
  binary: '/usr/bin/caddy',
  packageName: 'caddy',
  passesRefusalBody: true,
  start(ports) {
    const site = example('caddy', 'Caddyfile')
      .replace(/^api\.example\.org \{/m, `http://127.0.0.1:${ports.listen} {`)
      .replace('forward_auth 127.0.0.1:3000', `forward_auth 127.0.0.1:${ports.consentry}`)
      .replace('reverse_proxy 127.0.0.1:8080', `reverse_proxy 127.0.0.1:${ports.api}`);
    const file = (dir: string) => join(dir, 'Caddyfile');
    return run(
      this.binary,
      (dir) => ['run', '--config', file(dir), '--adapter', 'caddyfile'],
      (dir) => writeFileSync(file(dir), `{\n\tadmin off\n\tauto_https off\n}\n${site}`),
      `http://127.0.0.1:${ports.listen}/`,
      'SIGTERM',
    );
  },
};

/** Whether the binary is here; when not, says so once, with the package that brings it. */
export function available(kind: GatewayKind): boolean {
  if (existsSync(kind.binary)) return true;
  process.stderr.write(
    `${kind.name}: ${kind.binary} is missing (apt-get install ${kind.packageName}); ` +
      'these tests are skipped here. .ci/run installs it.\n',
  );
  return false;
}
