import type { FastifyRequest } from 'fastify';

/**
 * A request as the protocol code sees it: plain data, no framework objects (conventions: the
 * one function that turns a Fastify request into a ProtocolRequest).
 */
export interface ProtocolRequest {
  method: string;
  /** The absolute URL as the client sent it (scheme and host as it addressed us, path and query untouched). */
  url: string;
  /** The same path and query under PUBLIC_URL's origin, when that differs (a client may sign either). */
  publicUrl?: string;
  authorization?: string;
  contentType?: string;
  /** The raw body, for OAuth 1.0a signatures over form parameters. */
  rawBody?: string;
  clientIp: string;
}

/** A header's first value: Node gives repeated headers as arrays. */
export function firstHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function toProtocolRequest(request: FastifyRequest & { rawBody?: Buffer }, publicOrigin: string): ProtocolRequest {
  // Fastify derives protocol and host from X-Forwarded-* only for peers in TRUST_PROXY.
  const url = `${request.protocol}://${request.host}${request.url}`;
  const underPublic = `${publicOrigin}${request.url}`;
  const header = (name: string) => firstHeader(request, name);
  return {
    method: request.method.toUpperCase(),
    url,
    publicUrl: underPublic !== url ? underPublic : undefined,
    authorization: header('authorization'),
    contentType: header('content-type'),
    rawBody: request.rawBody?.toString('utf8'),
    clientIp: request.ip,
  };
}
