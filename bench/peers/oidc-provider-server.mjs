// Peer benchmark target: node-oidc-provider (npm `oidc-provider`, a dev
// dependency used only by `npm run bench`), configured to do the same work the
// Consentry benchmark measures:
//   (a) POST token endpoint, grant_type=client_credentials, client_secret_basic
//   (b) RFC 7662 token introspection of an access token, client_secret_basic
//
// Usage: node bench/peers/oidc-provider-server.mjs <port> [opaque|jwt]
// `jwt` issues client_credentials access tokens as ES256-signed RFC 9068 JWTs, as
// Consentry does, through a resource indicator (features.resourceIndicators);
// `opaque` (the default) issues the provider's default reference tokens.
// Prints exactly one line `READY` on stdout once listening; exits on SIGTERM.
//
// Plain ESM JavaScript on purpose: oidc-provider is ESM-only, and the bench
// scripts run under @swc-node/register (CommonJS), so it gets its own process.

import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';
// In-memory storage, as Hydra's published benchmark figures are in-memory too,
// so this is the comparable setup: oidc-provider's own in-memory adapter class.
// Not quite its default instance, though: the default (no `adapter` option)
// gives each provider a 1,000-entry LRU store, and a client_credentials run
// issues tens of thousands of tokens, which evicts the token being
// introspected; introspection then answers 200 `{"active":false}`, which
// looks like success to autocannon. So we hand the same MemoryAdapter class a
// larger store of the package's own LRU class (which still honours token
// expiry). These are deep imports: the package has no `exports` map; both
// files exist throughout oidc-provider 9.x.
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js';
import LRU from 'oidc-provider/lib/helpers/lru.js';

const CLIENT_ID = 'bench-peer';
const CLIENT_SECRET = 'bench-peer-secret-not-for-production-0123456789';
const SCOPE = 'api';

const port = Number.parseInt(process.argv[2] ?? '', 10);
const format = process.argv[3] ?? 'opaque';
if (!Number.isInteger(port) || port <= 0 || port > 65535 || !['opaque', 'jwt'].includes(format)) {
  console.error('usage: node bench/peers/oidc-provider-server.mjs <port> [opaque|jwt]');
  process.exit(2);
}
const RESOURCE = 'urn:consentry:bench:api';

const CLOCK_TOLERANCE = 15; // seconds, oidc-provider's default
const store = new LRU({ maxSize: 1_000_000 });

// Real signing keys instead of the provider's ephemeral development keys. In
// `opaque` mode nothing we benchmark signs; in `jwt` mode the access tokens are
// signed with the P-256 key (ES256), Consentry's default algorithm.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-rs256', alg: 'RS256', use: 'sig' };
const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ecJwk = { ...ecKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

const provider = new Provider(`http://127.0.0.1:${port}`, {
  adapter: (model) => new MemoryAdapter(model, store, CLOCK_TOLERANCE),
  clockTolerance: CLOCK_TOLERANCE,
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      // In oidc-provider 9 this also governs the introspection endpoint (the
      // introspecting client is this same client).
      token_endpoint_auth_method: 'client_secret_basic',
      scope: SCOPE,
    },
  ],
  // `api` must be a scope the provider knows, or the client's `scope`
  // metadata is rejected (invalid_client_metadata) at the first request.
  scopes: [SCOPE],
  features: {
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // Same rule as the default (only public clients are limited to their
      // own tokens), but set explicitly so the provider does not print a
      // "you SHOULD change it" notice on the first request.
      allowedPolicy: async (ctx, client, token) =>
        client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
    },
    // No authorization code flow, so no (development) interaction UI.
    devInteractions: { enabled: false },
    // `opaque`: no resource indicator, so a client_credentials access token
    // is the provider's default, an opaque reference token stored in the
    // adapter. `jwt`: every token is for one resource server whose tokens are
    // ES256 JWTs; the provider does not store those at all. (A JWT-format
    // token is not introspectable: oidc-provider rejects structured tokens at
    // its introspection endpoint, so only the token scenario uses this mode.)
    ...(format === 'jwt'
      ? {
          resourceIndicators: {
            enabled: true,
            defaultResource: async () => RESOURCE,
            useGrantedResource: async () => true,
            getResourceServerInfo: async () => ({
              scope: SCOPE,
              audience: RESOURCE,
              accessTokenFormat: 'jwt',
              accessTokenTTL: 3600,
              jwt: { sign: { alg: 'ES256' } },
            }),
          },
        }
      : {}),
  },
  ttl: {
    // Explicit TTLs (the defaults print notices when first used). One hour,
    // so the token handed to the introspection scenario stays valid.
    AccessToken: 3600,
    ClientCredentials: 3600,
  },
  clientBasedCORS: () => false,
  jwks: { keys: [signingJwk, ecJwk] },
  cookies: { keys: ['bench-peer-cookie-key-0123456789abcdef'] },
});

// Production-ish: requests come straight from the load generator, so no
// X-Forwarded-* trust.
provider.proxy = false;

// Logging off: oidc-provider only logs through `debug` (off unless DEBUG is
// set) and through events, to which we attach no listeners except this one for
// unexpected server errors, which would otherwise go unnoticed.
provider.on('server_error', (ctx, err) => {
  console.error('oidc-provider server_error:', err);
});

const server = createServer(provider.callback());
server.keepAliveTimeout = 65_000;

server.on('error', (err) => {
  console.error(`oidc-provider peer: ${err.message}`);
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write('READY\n');
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2_000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
