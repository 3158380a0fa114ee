import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import fastifyCookie from '@fastify/cookie';
import { ValidationPipe } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppConfig } from './common/config/app-config.service';
import { ServerKeys } from './common/crypto/server-keys';
import { Metrics } from './metrics/metrics.service';
import { validationException } from './common/errors/validation-errors';
import { sendError } from './common/errors/send-error';
import { refusalOf } from './common/logging/refusals';
import { BODY_LIMIT_BYTES, installBodyLimits } from './common/validation/body-limits';
import { installGatewaySecretCheck } from './gateway/gateway-secret.hook';
import { setupOpenApi } from './openapi/openapi.setup';
import { setupViews } from './web/view-engine';
import { provideErrorPages } from './common/errors/error-pages';
import { errorPageRenderer } from './web/error-page';
import { PagesService } from './web/pages.service';
import { PrincipalService } from './caller/principal.service';
import { securityHeaders } from './common/http/security-headers';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** CSP for every page: nothing from elsewhere, no framing (clickjacking), forms post here only. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
/** Swagger UI ships inline styles; still no framing and no foreign scripts. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/** Headers on every answer: helmet's set, with the CSP chosen per response. */
function responseHeaders(config: AppConfig): Record<string, string> {
  return securityHeaders({
    contentSecurityPolicy: false, // set per response below
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: config.secureCookies ? { maxAge: 31536000, includeSubDomains: true } : false,
  });
}

/** The Fastify adapter: pino logging, request ids, trusted proxies, body size limit. */
export function createAdapter(config: AppConfig, logger: Logger): FastifyAdapter {
  const headers = responseHeaders(config);
  return new FastifyAdapter({
    loggerInstance: logger,
    // One line per request, written by the onResponse hook below, instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    bodyLimit: BODY_LIMIT_BYTES,
    // On close: idle keep-alive connections go at once; requests in flight finish (graceful SIGTERM).
    forceCloseConnections: 'idle',
    // A caller's X-Request-Id is kept when it looks like one, so logs line up across services.
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // The router refuses a malformed URL (`/%ff`) or an over-long parameter before any hook runs:
    // answer in the app's shape, with the headers every other answer carries (docs/api.md, "Errors").
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      reply.headers(headers).header('X-Request-Id', request.id).header('Content-Security-Policy', PAGE_CSP);
      void sendError(error, request, reply, config.publicUrl);
    },
    // HTTP that does not parse at all (bad request line, headers too large): no request exists yet.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => writeClientError(error, socket),
  });
}

/** What Fastify's default client error handler does, with the app's error body. */
function writeClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', { error: 'request_timeout', message: 'The request took too long to arrive.' }]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [
            431,
            'Request Header Fields Too Large',
            { error: 'headers_too_large', message: 'The request headers are too large.' },
          ]
        : [400, 'Bad Request', { error: 'invalid_request', message: 'The request is malformed.' }];
  const text = JSON.stringify(body);
  if (socket.writable) {
    const head = [
      `HTTP/1.1 ${status} ${reason}`,
      `Content-Length: ${Buffer.byteLength(text)}`,
      'Content-Type: application/json; charset=utf-8',
      'Cache-Control: no-store',
      'Connection: close',
    ];
    socket.write(`${head.join('\r\n')}\r\n\r\n${text}`);
  }
  socket.destroy(error);
}

/** Everything around the modules: plugins, headers, the pipe, the error handler, views, OpenAPI. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(fastifyCookie, { secret: app.get(ServerKeys).derive('cookie-signing').toString('hex') });
  const headers = responseHeaders(config);
  installBodyLimits(app);
  installGatewaySecretCheck(fastify, config.gateway.secret);
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers);
    reply.header('X-Request-Id', request.id);
  });
  // Shutting down: answers still in flight tell keep-alive clients to go, so close() can finish.
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    if (closing) reply.header('Connection', 'close');
    // A page may set its own policy (the consent page lets its form lead to the client's callback).
    if (!reply.hasHeader('Content-Security-Policy'))
      reply.header('Content-Security-Policy', request.url.startsWith('/docs') ? DOCS_CSP : PAGE_CSP);
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
  });
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    // The route pattern, not the URL: bounded label values (an unknown path is "unmatched").
    metrics.requests.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    const level = reply.statusCode >= 500 ? 'error' : request.url === '/healthz' ? 'debug' : 'info';
    // A refused request says why: the code it was sent and the policy's reason (never a credential).
    const route = request.routeOptions.url ?? 'unmatched';
    const fields = { req: request, route, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    request.log[level]({ ...fields, ...refusalOf(request) }, 'request');
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationException,
    }),
  );
  setupViews(app);
  // Error pages with the header's login state, as every page has (src/web/error-page.ts).
  const principals = app.get(PrincipalService);
  provideErrorPages(
    fastify,
    errorPageRenderer(app.get(PagesService), (request) => principals.fromRequest(request)),
  );
  setupOpenApi(app, config);
  // What orchestrators and terminals send. Not Nest's default list, which includes SIGUSR2 and
  // would stop the server where an operator asks for a heap snapshot (--heapsnapshot-signal).
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
}
