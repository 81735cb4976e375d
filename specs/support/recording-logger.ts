import type { Logger } from '../../engine/ports/logger.js';

export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** A Logger (pino's calling convention) that keeps every line, for tests that check what was logged. */
export function recordingLogger(): { logger: Logger; lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at =
      (level: LoggedLine['level']) =>
      (first: string | Record<string, unknown>, message?: string): void => {
        if (typeof first === 'string') lines.push({ level, message: first, fields: { ...bindings } });
        else lines.push({ level, message: message ?? '', fields: { ...bindings, ...first } });
      };
    return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => make({ ...bindings, ...more }) };
  };
  return { logger: make({}), lines };
}
