import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './send-error';

/** The one exception filter: every error thrown by a route is written by sendError(). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    await sendError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
