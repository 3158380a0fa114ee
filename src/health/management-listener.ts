import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import Fastify, { FastifyInstance } from 'fastify';
import { AppConfig } from '../common/config/app-config.service';
import { AppError } from '../common/errors/app-error';
import { sendError } from '../common/errors/send-error';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';

/**
 * The management listener (docs/operations.md#management-listener): `/healthz`, `/readyz` and
 * `/metrics` on HOST:MANAGEMENT_PORT, with the public listener's own handlers, and nothing else.
 * A port the load balancer never sees, like Keycloak's management interface, so metrics and probes
 * need no routing rule to keep them from the internet. Closed with the application.
 */
@Injectable()
export class ManagementListener implements OnApplicationShutdown {
  private readonly logger = new Logger('ManagementListener');
  private server?: FastifyInstance;

  /** Listens on `port` (0: any free one, for tests); returns the address it took. */
  async start(
    handlers: { health: HealthController; metrics: MetricsController },
    host: string,
    port: number,
  ): Promise<{ host: string; port: number }> {
    if (this.server) throw new Error('The management listener is already started');
    // Idle keep-alive connections (a scraper's) go at once on close, as on the public listener.
    const server = Fastify({ logger: false, forceCloseConnections: 'idle' });
    server.addHook('onSend', async (_request, reply) => {
      reply.header('Cache-Control', 'no-store');
    });
    server.get('/healthz', async () => handlers.health.healthz());
    server.get('/readyz', async () => handlers.health.readyz());
    server.get('/metrics', async (_request, reply) => handlers.metrics.send(reply));
    server.setNotFoundHandler(async (request, reply) => sendError(AppError.notFound(), request, reply));
    server.setErrorHandler(async (error, request, reply) => sendError(error, request, reply));
    await server.listen({ host, port });
    this.server = server;
    const address = server.server.address() as AddressInfo;
    this.logger.log(`Management listener on ${address.address}:${address.port} (/healthz, /readyz, /metrics)`);
    return { host: address.address, port: address.port };
  }

  /** After the public listener has drained (Nest closes the HTTP server before these hooks). */
  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}

/**
 * Starts the management listener of `app` when MANAGEMENT_PORT is set (main.ts after the public
 * listener, and tests); undefined otherwise. `port` overrides the setting (tests take a free one).
 */
export async function startManagementListener(
  app: INestApplicationContext,
  config: AppConfig,
  port = config.managementPort,
): Promise<{ host: string; port: number } | undefined> {
  if (port === undefined) return undefined;
  const handlers = { health: app.get(HealthController), metrics: app.get(MetricsController) };
  return app.get(ManagementListener).start(handlers, config.host, port);
}
