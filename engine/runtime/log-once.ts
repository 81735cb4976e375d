/**
 * A logger for background errors (a connection dropping, a worker failing to fetch, the LISTEN connection
 * failing) that prints each distinct message once, so an outage of Redis or the database does not flood the log
 * while clients reconnect.
 */
export function logOnce(scope: string): (error: unknown) => void {
  const seen = new Set<string>();
  return (error) => {
    const message = error instanceof Error ? error.message : String(error);
    if (seen.has(message)) return;
    seen.add(message);
    console.error(`[celeriac ${scope}] ${message}`);
  };
}
