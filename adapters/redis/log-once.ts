/**
 * A logger for background errors (a connection dropping, a worker failing to fetch) that prints each distinct
 * message once, so a Redis outage does not flood the log while the client reconnects.
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
