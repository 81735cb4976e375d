import type { Logger } from '../../engine/ports/logger.js';

/**
 * Reports background errors (a connection dropping, a worker failing to fetch, the LISTEN connection failing)
 * through `logger`, each distinct message once, so an outage of Redis or the database does not flood the log
 * while clients reconnect.
 */
export function logOnce(logger: Logger, component: string): (error: unknown) => void {
  const seen = new Set<string>();
  const log = logger.child({ component });
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (seen.has(message)) return;
    seen.add(message);
    log.error(message);
  };
}
