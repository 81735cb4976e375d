import { CeleriacError } from '../../canvas/errors.js';
import type { DashboardOptions } from '../../engine/dashboard-options.js';

export interface ResolvedDashboardOptions {
  readonly port: number;
  readonly host: string;
  readonly token: string | undefined;
}

const KNOWN = new Set(['port', 'host', 'token']);

/** Loopback addresses: only processes on this machine reach them. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** Applies defaults and checks the dashboard's options; refuses to serve a non-loopback address without a token. */
export function resolveDashboardOptions(options: DashboardOptions = {}): ResolvedDashboardOptions {
  const fail = (message: string): never => {
    throw new CeleriacError('VALIDATION', `Invalid dashboard option: ${message}`);
  };
  if (typeof options !== 'object' || options === null) fail(`expected an object of options, got ${String(options)}`);
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) fail(`unknown option \`${key}\` (known: port, host, token)`);
  const port = options.port ?? 5555;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`expected \`port\` to be an integer from 0 to 65535, got \`${String(port)}\``);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.trim() === '') fail(`expected \`host\` to be an address such as 127.0.0.1, got \`${String(host)}\``);
  const token = options.token;
  if (token !== undefined && (typeof token !== 'string' || token.length < 8)) {
    fail('expected `token` to be a string of at least 8 characters (a long random one: `openssl rand -hex 16`)');
  }
  if (!isLoopback(host) && token === undefined) {
    throw new CeleriacError(
      'VALIDATION',
      `Refusing to serve the dashboard on ${host} without a token: anyone who reaches that address could revoke and purge workflows. ` +
        'Set a token (--token or { token }), or listen on 127.0.0.1.',
    );
  }
  return { port, host, token };
}
