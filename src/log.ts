import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * One logger (STYLE §3): pino JSON lines on stderr. Modules take `log.child({ module })`.
 * Patient identifiers never go into logs: request logs carry ids minted by Kiban only.
 */
export function createLogger(level: string = process.env.KIBAN_LOG_LEVEL ?? 'info'): Logger {
  const options: LoggerOptions = {
    level,
    redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password'], remove: true },
  };
  return pino(options, pino.destination(2));
}

export type { Logger };
