import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PeerServer {
  /** e.g. 'node-oidc-provider 9.13.3' */
  name: string;
  url: string;
  /** the token endpoint */
  tokenUrl: string;
  /** the introspection endpoint (RFC 7662) */
  introspectUrl: string;
  clientId: string;
  clientSecret: string;
  /** value for the Authorization header: 'Basic ...' */
  basicAuth: string;
  /** one access token obtained via client_credentials, to introspect */
  accessToken: string;
  pid: number;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
const SERVER_SCRIPT = join(__dirname, 'oidc-provider-server.mjs');
const READY_TIMEOUT_MS = 15_000;

// Must match the client registered in oidc-provider-server.mjs.
const CLIENT_ID = 'bench-peer';
const CLIENT_SECRET = 'bench-peer-secret-not-for-production-0123456789';
const SCOPE = 'api';

function providerVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'oidc-provider', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Resolves when the child prints a line `READY`; rejects if it exits or times out first. */
function waitForReady(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    // Stays attached for the child's whole life, so the pipe is drained and the child never
    // blocks on stdout. oidc-provider prints its NOTICEs with console.info (stdout): pass them on.
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!settled && line.trim() === 'READY') finish();
        else if (line.trim()) process.stderr.write(`[oidc-provider peer] ${line}\n`);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish(
        new Error(`oidc-provider peer exited before READY (code ${code}, signal ${signal}); see its stderr above`),
      );
    };
    const onError = (err: Error): void => finish(new Error(`oidc-provider peer failed to start: ${err.message}`));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(new Error(`oidc-provider peer on port ${port} did not print READY within ${READY_TIMEOUT_MS / 1000} s`));
    }, READY_TIMEOUT_MS);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts node-oidc-provider (bench/peers/oidc-provider-server.mjs) in its own process on
 * 127.0.0.1:<port>, so it is measured the same way as Consentry (bench/server.ts), and hands back
 * what the bench needs to drive its token (client_credentials) and introspection endpoints.
 */
export async function startPeer(port: number, format: 'opaque' | 'jwt' = 'opaque'): Promise<PeerServer> {
  const child = spawn(process.execPath, [SERVER_SCRIPT, String(port), format], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await waitForReady(child, port);

    const url = `http://127.0.0.1:${port}`;
    const discoveryResponse = await fetch(`${url}/.well-known/openid-configuration`);
    if (!discoveryResponse.ok) throw new Error(`oidc-provider peer discovery: HTTP ${discoveryResponse.status}`);
    const discovery = (await discoveryResponse.json()) as { token_endpoint?: string; introspection_endpoint?: string };
    const tokenUrl = discovery.token_endpoint;
    const introspectUrl = discovery.introspection_endpoint;
    if (!tokenUrl || !introspectUrl)
      throw new Error('oidc-provider peer discovery lacks token_endpoint or introspection_endpoint');

    // RFC 6749 §2.3.1: client_id and secret are form-urlencoded before base64.
    const credentials = `${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(CLIENT_SECRET)}`;
    const basicAuth = `Basic ${Buffer.from(credentials).toString('base64')}`;
    const tokenResponse = await fetch(tokenUrl, {
      method: 'POST',
      headers: { authorization: basicAuth, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&scope=${SCOPE}`,
    });
    const tokenBody = (await tokenResponse.json()) as {
      access_token?: string;
      error?: string;
      error_description?: string;
    };
    if (!tokenResponse.ok || !tokenBody.access_token) {
      throw new Error(
        (
          `oidc-provider peer client_credentials: HTTP ${tokenResponse.status} ` +
          `${tokenBody.error ?? ''} ${tokenBody.error_description ?? ''}`
        ).trim(),
      );
    }

    return {
      name: `node-oidc-provider ${providerVersion()}${format === 'jwt' ? ' (JWT access tokens)' : ''}`,
      url,
      tokenUrl,
      introspectUrl,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      basicAuth,
      accessToken: tokenBody.access_token,
      pid: child.pid!,
      stop: () => stopChild(child),
    };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}
