import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config.service';
import { ReadOnlyRefusal } from '../errors/read-only-refusal';
import { READ_ONLY_RULE, ReadOnlyRule } from './read-only.decorators';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Read-only mode, MediaWiki's $wgMWOAuthReadOnly (docs/operations.md#read-only-mode): a global
 * guard, before any route guard (CSRF, login) and before any handler, refuses every route that
 * writes with a 503 in its protocol's shape (src/common/errors/read-only-refusal.ts). What a route
 * does comes from its @ReadsOnly(), @Writes() or @WritesWhen(), else from its method.
 */
@Injectable()
export class ReadOnlyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const { enabled, message } = this.config.readOnly;
    if (!enabled || context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<ReadOnlyRule | undefined>(READ_ONLY_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (writes(rule, request)) throw new ReadOnlyRefusal(message);
    return true;
  }
}

function writes(rule: ReadOnlyRule | undefined, request: FastifyRequest): boolean {
  if (rule === 'reads') return false;
  if (rule === 'writes') return true;
  if (typeof rule === 'function') return rule(request);
  return !SAFE_METHODS.has(request.method);
}
