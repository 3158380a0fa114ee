import { ArgumentsHost, Catch, ExceptionFilter, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError } from './send-error';

/** The one exception filter: every error thrown by a route is written by sendError(). */
@Catch()
@Injectable()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly config: AppConfig) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    await sendError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), this.config.publicUrl);
  }
}
