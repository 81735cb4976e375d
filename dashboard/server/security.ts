import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isLoopback, type ResolvedDashboardOptions } from './options.js';

export const SESSION_COOKIE = 'celeriac_dashboard';

/** The cookie holds a digest of the token, not the token: reading a cookie jar does not reveal it. */
function sessionOf(token: string): string {
  return createHmac('sha256', token).update('celeriac-dashboard-session').digest('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The host of an Origin header, or undefined for `null` and anything malformed. */
function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function refuse(status: 401 | 403 | 421, message: string): Response {
  return new Response(JSON.stringify({ error: message }), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

/**
 * Guards every request:
 * - without a token (loopback only), the Host header must name a loopback address, so a web page whose domain
 *   re-binds to 127.0.0.1 cannot read the API;
 * - with a token, a request needs `Authorization: Bearer <token>` or the session cookie, which `?token=` on a
 *   GET sets (HttpOnly, SameSite=Strict) before redirecting to the same address without it;
 * - a request that changes something (any method but GET and HEAD) must be a same-origin JSON request: a
 *   cross-site form cannot send `application/json`, and browsers mark cross-site requests in `Sec-Fetch-Site`.
 */
export function guard(options: ResolvedDashboardOptions): MiddlewareHandler {
  const token = options.token;
  const session = token === undefined ? undefined : sessionOf(token);
  return async (c, next) => {
    const host = c.req.header('host') ?? '';
    if (token === undefined && !isLoopback(host.replace(/:\d+$/, ''))) {
      return refuse(421, `This dashboard answers only to loopback addresses, not '${host}'`);
    }
    if (token !== undefined && session !== undefined) {
      const url = new URL(c.req.url);
      const given = url.searchParams.get('token');
      if (given !== null && c.req.method === 'GET' && same(given, token)) {
        setCookie(c, SESSION_COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/' });
        url.searchParams.delete('token');
        return c.redirect(`${url.pathname}${url.search}`, 303);
      }
      const bearer = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
      const cookie = getCookie(c, SESSION_COOKIE);
      const allowed = (bearer !== undefined && same(bearer, token)) || (cookie !== undefined && same(cookie, session));
      if (!allowed) return refuse(401, 'This dashboard needs its token: open it with ?token=<token>, or send Authorization: Bearer <token>');
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = c.req.header('content-type') ?? '';
      const site = c.req.header('sec-fetch-site');
      const origin = c.req.header('origin');
      if (!/^application\/json\b/i.test(type)) return refuse(403, 'Actions must be sent as JSON (Content-Type: application/json)');
      if (site !== undefined && site !== 'same-origin' && site !== 'none') return refuse(403, `Cross-site request refused (Sec-Fetch-Site: ${site})`);
      if (origin !== undefined && hostOf(origin) !== host) return refuse(403, `Cross-origin request refused (Origin: ${origin})`);
    }
    await next();
  };
}
