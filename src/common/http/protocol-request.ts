import type { FastifyRequest } from 'fastify';
import { describedRequest, GATEWAY_HEADERS } from '../../protocol/gateway-headers';
import { ipInRanges } from '../net/ip-ranges';

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

export function toProtocolRequest(
  request: FastifyRequest & { rawBody?: Buffer },
  publicOrigin: string,
): ProtocolRequest {
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

/** Whether the peer itself (not X-Forwarded-For) is one of TRUST_PROXY's, as Fastify decides for X-Forwarded-*. */
export function fromTrustedProxy(request: FastifyRequest, trustProxy: readonly string[]): boolean {
  return trustProxy.length > 0 && ipInRanges(request.raw.socket?.remoteAddress ?? '', trustProxy);
}

/**
 * The X-Original-* / X-Forwarded-* lines of a request, each line apart (a name sent twice must be
 * seen twice), read from the raw headers: Node's headersDistinct would build every header's list.
 */
function gatewayHeaderLines(raw: readonly string[]): Record<string, string[]> {
  const lines: Record<string, string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    // Every name read starts with "x-" and is at least 13 characters long.
    if (name.length < 13 || (name.charCodeAt(0) | 32) !== 120) continue;
    const lower = name.toLowerCase();
    if (GATEWAY_HEADERS.has(lower)) (lines[lower] ??= []).push(raw[i + 1]);
  }
  return lines;
}

/**
 * The request a gateway asks about at GET /auth/verify, from the X-Original-* / X-Forwarded-*
 * headers of a TRUST_PROXY peer (docs/gateway.md "Which headers describe the request"): throws
 * GatewayRequestError for a description from another peer, or one that says two things.
 */
export function forwardedRequest(
  request: FastifyRequest,
  trustProxy: readonly string[],
  requireUri: boolean,
): ProtocolRequest {
  const trusted = fromTrustedProxy(request, trustProxy);
  const described = describedRequest(gatewayHeaderLines(request.raw.rawHeaders), { trusted, requireUri });
  // Without X-Forwarded-Host/-Proto: what the gateway itself addressed (Fastify reads no X-Forwarded-* then).
  const origin = `${described.proto ?? request.protocol}://${described.host ?? request.host}`;
  return {
    method: described.method,
    url: `${origin}${described.uri ?? '/'}`,
    authorization: firstHeader(request, 'authorization'),
    clientIp: request.ip,
  };
}
