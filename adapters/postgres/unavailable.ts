import { CeleriacError, isCeleriacError } from '../../canvas/errors.js';

/** node-postgres and socket errors that mean the server could not be reached or did not answer in time. */
const transport = /timeout exceeded when trying to connect|Connection terminated|Query read timeout|connect ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE|canceling statement due to statement timeout|the database system is (starting up|shutting down)/i;

/**
 * The CeleriacError of code `UNAVAILABLE` a caller gets when PostgreSQL cannot be reached or does not answer
 * within `connectTimeoutMs` / `statementTimeoutMs`, as on Redis; any other error comes back unchanged.
 */
export function asUnavailable(error: unknown, what: string, url: string): unknown {
  if (isCeleriacError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (!transport.test(message) && !(code && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|57014|57P0[1-3])$/.test(code))) return error;
  return new CeleriacError(
    'UNAVAILABLE',
    `Could not ${what}: PostgreSQL at ${maskUrl(url)} is unreachable or did not answer in time (${message || code}). Is it running? Check DATABASE_URL, \`connectTimeoutMs\` and \`statementTimeoutMs\`.`,
    { cause: error },
  );
}

/** `postgresql://user:secret@host/db` → `postgresql://user:***@host/db`. */
export function maskUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*:)[^@/]*@/i, '$1***@').replace(/([?&]password=)[^&]*/i, '$1***');
}
