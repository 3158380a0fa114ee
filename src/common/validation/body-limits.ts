import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RequestRefusal } from '../errors/request-refusal';
import { BODY_SHAPE_LIMITS, jsonShapeProblem, ShapeProblem, valueShapeProblem } from './json-shape';

/** Every body, JSON or form: the largest real one (an RSA key, a description) is a few KB. */
export const BODY_LIMIT_BYTES = 256 * 1024;

const MESSAGES: Record<ShapeProblem, string> = {
  depth: `The request body is nested too deeply (at most ${BODY_SHAPE_LIMITS.maxDepth} levels).`,
  members: `The request body has too many fields or list items in one place (at most ${BODY_SHAPE_LIMITS.maxMembers}).`,
};

/**
 * Refuses bodies too deep or too wide before anything reads them (docs/security.md, "Other promises"): JSON text is
 * scanned before it is parsed, since parsing, class-transformer and class-validator all slow down
 * or recurse with depth; any other parsed body (forms: one level, repeated names as arrays) is
 * checked in a preValidation hook, before guards, pipes and handlers. The answer is a 400 in the
 * route's error shape (RequestRefusal); a body over BODY_LIMIT_BYTES is Fastify's 413.
 */
export function installBodyLimits(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own JSON parsing (prototype-poisoning checks included), after the shape check.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (request, body: Buffer, done) => {
    const text = body.toString('utf8');
    const problem = jsonShapeProblem(text);
    if (problem) {
      done(new RequestRefusal(400, MESSAGES[problem]), undefined);
      return;
    }
    void parseJson(request as FastifyRequest, text, done);
  });
  // Synchronous (done-style): every request passes here, most with no body at all, and an async
  // hook costs a promise and a turn of the event loop each (docs/benchmarks.md).
  fastify.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
    const problem = request.body === undefined ? undefined : valueShapeProblem(request.body);
    done(problem ? new RequestRefusal(400, MESSAGES[problem]) : undefined);
  });
}
