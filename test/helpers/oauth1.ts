import { createHmac, createSign } from 'node:crypto';
import { createServer } from 'node:net';
import OAuth from 'oauth-1.0a';
import TestAgent from 'supertest/lib/agent';

/** A free loopback port, for servers that real client libraries must reach over TCP. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * Plays the user's part of leg 2 in the browser session `agent`: opens the authorize page,
 * submits the consent form with `decision`, and returns the redirect (the client's callback).
 */
export async function consent(
  agent: TestAgent,
  path: string,
  decision: 'allow' | 'cancel' = 'allow',
): Promise<{ location?: string; status: number; text: string }> {
  const page = await agent.get(path);
  if (page.status !== 200) return { status: page.status, text: page.text, location: page.headers.location };
  const html = page.text;
  const action = decodeHtml(/<form method="post" action="([^"]+)" class="consent-actions">/.exec(html)?.[1] ?? '');
  const fields: Record<string, string> = { decision };
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields[name] = decodeHtml(value);
  const res = await agent.post(action).type('form').send(fields);
  return { status: res.status, location: res.headers.location, text: res.text };
}

function decodeHtml(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&#x3D;/g, '=')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** An `oauth-1.0a` signer (a library not written here) for HMAC-SHA1, HMAC-SHA256 or RSA-SHA1. */
export function signer(
  key: string,
  secret: string,
  method: 'HMAC-SHA1' | 'HMAC-SHA256' | 'RSA-SHA1' | 'PLAINTEXT' = 'HMAC-SHA1',
  rsaPrivateKeyPem?: string,
): OAuth {
  return new OAuth({
    consumer: { key, secret },
    signature_method: method,
    hash_function: (base, signingKey) => {
      if (method === 'RSA-SHA1') return createSign('RSA-SHA1').update(base).sign(rsaPrivateKeyPem!, 'base64');
      if (method === 'PLAINTEXT') return signingKey;
      return createHmac(method === 'HMAC-SHA256' ? 'sha256' : 'sha1', signingKey)
        .update(base)
        .digest('base64');
    },
  });
}

/** The Authorization header for a request signed by `oauth`, with extra protocol parameters. */
export function signedHeader(
  oauth: OAuth,
  request: { url: string; method: string; data?: Record<string, string> },
  token?: { key: string; secret: string },
): string {
  return oauth.toHeader(oauth.authorize(request, token)).Authorization;
}
