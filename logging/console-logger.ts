import type { Logger } from '../engine/ports/logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * The default Logger: lines on stderr through `console`, `[celeriac <component>] message {fields}`, from
 * `level` up. The one place in the package that writes log lines itself; pass a pino logger as `logger` to
 * `createApp` for structured logs instead.
 * @example
 * const logger = consoleLogger('warn');
 * logger.child({ component: 'broker' }).error('connection lost'); // [celeriac broker] connection lost
 */
export function consoleLogger(level: Level = 'info', bindings: Record<string, unknown> = {}): Logger {
  const { component, ...rest } = bindings;
  const tag = component === undefined ? '[celeriac]' : `[celeriac ${String(component)}]`;
  const at = (name: Level) => (first: string | Record<string, unknown>, message?: string) => {
    if (rank[name] < rank[level]) return;
    const fields = typeof first === 'string' ? rest : { ...rest, ...first };
    const text = typeof first === 'string' ? first : (message ?? '');
    const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    // Every level goes to stderr, leaving stdout to the program's own output (the CLI prints JSON there).
    console.error(`${tag} ${text}${extra}`);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => consoleLogger(level, { ...bindings, ...more }),
  };
}
