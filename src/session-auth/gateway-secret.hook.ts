import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { constantTimeEqual } from '../common/crypto/tokens';

/** Route config key (`@RouteConfig`) of the routes only gateways may call: POST /auth/verify. */
export const GATEWAY_SECRET_ROUTE = 'consentryGatewaySecret';

/**
 * An onRequest hook: on those routes, X-Gateway-Secret is checked before Fastify reads the body,
 * so that nobody without it gets a body parsed, however deep or large (docs/gateway.md).
 */
export function gatewaySecretHook(expected: string | undefined): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    if (config?.[GATEWAY_SECRET_ROUTE] !== true) return;
    const secret = request.headers['x-gateway-secret'];
    if (expected && typeof secret === 'string' && constantTimeEqual(expected, secret)) return;
    const message = expected ? 'Send the gateway secret in X-Gateway-Secret.' : 'GATEWAY_SECRET is not configured on this server.';
    // Returning the reply ends the request here (Fastify: responding from an async hook).
    return reply.code(403).header('Cache-Control', 'no-store').send({ error: 'gateway_forbidden', message });
  };
}
