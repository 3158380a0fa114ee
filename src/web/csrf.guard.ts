import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CsrfService } from './csrf.service';

/** For form POSTs: checked before anything else runs (before a password is even hashed). */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(private readonly csrf: CsrfService) {}

  canActivate(context: ExecutionContext): boolean {
    this.csrf.verify(context.switchToHttp().getRequest<FastifyRequest>());
    return true;
  }
}
