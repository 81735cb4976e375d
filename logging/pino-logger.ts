import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const logFormats = ['json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

export interface PinoLoggerOptions {
  /** @default 'info' */
  readonly level?: LevelWithSilent;
  /** JSON lines (for machines) or pino-pretty's (for people). @default 'json' */
  readonly format?: LogFormat;
  /** Where lines go. @default 2 (stderr) */
  readonly destination?: number;
}

/** `scheme://user:secret@host` → `scheme://user:***@host`, and `password=secret` → `password=***`. */
export function maskSecrets(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:)[^@/\s]*@/gi, '$1***@').replace(/(password=)[^&\s]*/gi, '$1***');
}

/**
 * The default logger: pino, JSON lines on stderr (`format: 'pretty'` for people). Secrets never reach a line:
 * passwords in URLs inside messages and error messages are masked, and fields named `password` are redacted.
 * @example
 * const logger = createPinoLogger({ level: 'debug', format: 'pretty' });
 * createApp({ redis, logger });
 */
export function createPinoLogger(options: PinoLoggerOptions = {}): PinoLogger {
  const destination = options.destination ?? 2;
  const stream = options.format === 'pretty' ? pretty({ destination, sync: true, colorize: false, translateTime: 'SYS:standard' }) : pino.destination({ dest: destination, sync: true });
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: ['password', '*.password', '*.*.password', 'url', '*.url'], censor: (value) => (typeof value === 'string' && /:\/\//.test(value) ? maskSecrets(value) : '***') },
      serializers: { err: (error: unknown) => maskedError(error) },
      hooks: {
        logMethod(args, method) {
          // pino's arguments: (message) or (fields, message): mask every string among them.
          method.apply(this, args.map((arg) => (typeof arg === 'string' ? maskSecrets(arg) : arg)) as Parameters<typeof method>);
        },
      },
    },
    stream,
  );
}

function maskedError(error: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error instanceof Error ? error : new Error(String(error)));
  if (error && typeof error === 'object' && !(error instanceof Error)) Object.assign(serialized, error);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) out[key] = typeof value === 'string' ? maskSecrets(value) : value;
  return out;
}
