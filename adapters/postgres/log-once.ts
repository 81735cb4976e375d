/**
 * A logger for background errors (an idle connection dropping, the LISTEN connection failing) that prints
 * each distinct message once, so a database outage does not flood the log while clients reconnect.
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
