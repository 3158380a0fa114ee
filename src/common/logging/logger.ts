import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { build as buildPretty } from 'pino-pretty';
import { ConfigError } from '../config/app-config';
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

/** `pretty`: one readable line per event, for a terminal; `json`: one JSON object per line, for collectors. */
export type LogFormat = 'pretty' | 'json';

export const LOG_FORMATS: readonly LogFormat[] = ['pretty', 'json'];

/**
 * LOG_FORMAT when given; otherwise pretty only in development on a terminal, so that anything
 * collecting the output (production, CI, a pipe) gets JSON lines.
 */
export function chooseLogFormat(given: string | undefined, nodeEnv: string, isTty: boolean): LogFormat {
  if (given === 'pretty' || given === 'json') return given;
  if (given) throw new ConfigError(`Invalid configuration: LOG_FORMAT must be one of pretty, json (got "${given}")`);
  return nodeEnv === 'development' && isTty ? 'pretty' : 'json';
}

export interface LoggerOptions {
  format?: LogFormat;
  /** Where lines go (tests capture them); stdout by default. */
  destination?: DestinationStream;
  /** Colours in pretty output; by default when stdout is a terminal. */
  colorize?: boolean;
}

/** The process logger: pino, one line per request plus whatever the code logs. */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const settings: pino.LoggerOptions = {
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
  };
  if (options.format === 'pretty') return pino(settings, prettyStream(options));
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** pino-pretty in this process (not a worker transport), synchronous so that the last lines before exit are kept. */
function prettyStream(options: LoggerOptions): DestinationStream {
  return buildPretty({
    colorize: options.colorize ?? process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    // Shown by prettyMessage() instead (the start-up summary's fields are in its sentence).
    ignore: 'pid,hostname,context,req,status,ms,route,code,reason,url,listen,database,redis,admin,mail',
    singleLine: true,
    sync: true,
    messageFormat: prettyMessage,
    ...(options.destination ? { destination: options.destination } : {}),
  });
}

/** `GET /path 401 3ms invalid_token` for request lines (with a refusal's code), `[Context] text` for others. */
export function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  const text = log[messageKey];
  const message = typeof text === 'string' ? text : '';
  const req = log.req as { method?: string; url?: string } | undefined;
  if (message === 'request' && req) {
    const refusal = typeof log.code === 'string' ? ` ${log.code}` : '';
    const reason = typeof log.reason === 'string' ? ` (${log.reason})` : '';
    return `${req.method} ${req.url} ${String(log.status)} ${String(log.ms)}ms${refusal}${reason}`;
  }
  return typeof log.context === 'string' ? `[${log.context}] ${message}` : message;
}

/**
 * Nest's start-up chatter: a line per module, controller and route (about 150). The start-up
 * summary (startup-summary.ts) replaces them; they are still there at LOG_LEVEL=debug.
 */
const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/** Nest's logger interface over the same pino instance, so framework lines are JSON too. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    if (context !== undefined && QUIET_CONTEXTS.has(context)) this.logger.debug({ context }, String(message));
    else this.logger.info({ context }, String(message));
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

/**
 * Resolves once the lines logged so far have been written (at most `timeoutMs` later). pino writes
 * stdout asynchronously and flushes on 'exit', but Nest ends a SIGTERM by re-raising the signal,
 * which runs no 'exit' handler: the last lines would be lost.
 */
export function flushLogger(logger: Logger, timeoutMs = 500): Promise<void> {
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    { _writing?: boolean; once?: (event: 'drain', listener: () => void) => unknown } | undefined;
  // sonic-boom (the default destination) emits 'drain' when its last write is done.
  if (!stream?._writing || typeof stream.once !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    stream.once!('drain', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
