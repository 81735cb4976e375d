/** `850 ms`, `12.3 s`, `4 min`, `2 h`, `3 d`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

export function ago(at: number | undefined, now = Date.now()): string {
  return at === undefined || at <= 0 ? '–' : `${duration(Math.max(0, now - at))} ago`;
}

export function time(at: number | undefined): string {
  return at === undefined ? '–' : new Date(at).toLocaleTimeString();
}

export function json(value: unknown): string {
  return value === undefined ? '–' : JSON.stringify(value, null, 2);
}
