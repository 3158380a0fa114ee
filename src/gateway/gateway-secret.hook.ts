import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import { constantTimeEqual } from '../common/crypto/tokens';

/** Route config key (`@RouteConfig`) of the routes only gateways may call: POST /auth/verify. */
export const GATEWAY_SECRET_ROUTE = 'consentryGatewaySecret';

/**
 * Gives the routes marked GATEWAY_SECRET_ROUTE an onRequest hook that checks X-Gateway-Secret
 * before Fastify reads the body, so that nobody without it gets a body parsed, however deep or
 * large (docs/gateway.md). Attached to those routes alone (Fastify's onRoute), so every other
 * request, the gateway's GET /auth/verify first, pays nothing for it. Must run before the
 * routes are registered: configureApp, before app.init().
 */
export function installGatewaySecretCheck(fastify: FastifyInstance, expected: string | undefined): void {
  const check = gatewaySecretHook(expected);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const config = route.config as Record<string, unknown> | undefined;
    if (config?.[GATEWAY_SECRET_ROUTE] !== true) return;
    const existing =
      route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [check, ...existing];
  });
}

function gatewaySecretHook(expected: string | undefined): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const secret = request.headers['x-gateway-secret'];
    if (expected && typeof secret === 'string' && constantTimeEqual(expected, secret)) return;
    const message = expected
      ? 'Send the gateway secret in X-Gateway-Secret.'
      : 'GATEWAY_SECRET is not configured on this server.';
    // Returning the reply ends the request here (Fastify: responding from an async hook).
    return reply.code(403).header('Cache-Control', 'no-store').send({ error: 'gateway_forbidden', message });
  };
}
