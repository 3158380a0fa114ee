import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { redactUrl } from '../http/redact-url';

/** Paths pino blanks in every log line: credentials in headers and bodies never reach the log. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-gateway-secret"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.client_secret',
  '*.secret',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.code_verifier',
  '*.oauth_signature',
  '*.secretKey',
];

/** The process logger: pino JSON lines, one per request plus whatever the code logs. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      req: (req: { method?: string; url?: string; id?: string; ip?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url ? redactUrl(req.url) : undefined,
        ip: req.ip,
      }),
      err: pino.stdSerializers.err,
    },
  });
}

/** Nest's logger interface over the same pino instance, so framework lines are JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
