import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error';
import { User } from '../users/user.entity';

/**
 * Runs the local strategy but lets the login page handle failure: the error is left on the
 * request so the form can be shown again with the reason, instead of a bare error page.
 */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T = User>(error: unknown, user: T | false, _info: unknown, context: ExecutionContext): T {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (error) request.loginError = error;
    else if (!user) request.loginError = AppError.badRequest('Enter your username and password.');
    return (user || null) as T;
  }
}
