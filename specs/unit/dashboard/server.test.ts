import { afterEach, describe, expect, it } from 'vitest';
import { appSource } from '../../../dashboard/app-source.js';
import type { Asset } from '../../../dashboard/server/assets.js';
import { createDashboardServer } from '../../../dashboard/server/create-server.js';
import { resolveDashboardOptions } from '../../../dashboard/server/options.js';
import { SESSION_COOKIE } from '../../../dashboard/server/security.js';
import type { DashboardSource } from '../../../dashboard/source.js';
import type { ApiError, DashboardMeta, WorkflowGraph, WorkflowPage } from '../../../dashboard/wire.js';
import { chord, createApp, signature, type App } from '../../../index.js';

let app: App;
afterEach(() => app?.close());

const page: Asset = { body: new TextEncoder().encode('<!doctype html><title>page</title>'), type: 'text/html; charset=utf-8', etag: '"page"' };

/** The dashboard's fetch handler on a memory app; requests go to it directly, as a browser's would. */
function server(options: { token?: string; host?: string } = {}, without: readonly (keyof DashboardSource)[] = []) {
  app = createApp({ driver: 'memory' });
  const source: Record<string, unknown> = { ...appSource(app) };
  for (const key of without) delete source[key];
  const dashboard = createDashboardServer(source as unknown as DashboardSource, resolveDashboardOptions(options), {}, new Map([['index.html', page]]));
  const request = (path: string, init: RequestInit & { host?: string } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('host', init.host ?? '127.0.0.1:5555');
    return dashboard.fetch(new Request(`http://127.0.0.1:5555${path}`, { ...init, headers }));
  };
  return { request, close: () => dashboard.hub.close() };
}

const json = { 'content-type': 'application/json' };

describe('dashboard options', () => {
  it('listen on 127.0.0.1:5555 by default', () => {
    expect(resolveDashboardOptions()).toEqual({ port: 5555, host: '127.0.0.1', token: undefined });
  });

  it('refuse a non-loopback address without a token, saying how to fix it', () => {
    expect(() => resolveDashboardOptions({ host: '0.0.0.0' })).toThrow(/Refusing to serve the dashboard on 0\.0\.0\.0 without a token.*--token/);
    expect(resolveDashboardOptions({ host: '0.0.0.0', token: 'a-long-secret' }).host).toBe('0.0.0.0');
  });

  it('reject bad values and unknown options by name', () => {
    expect(() => resolveDashboardOptions({ port: 70000 })).toThrow(/`port` to be an integer from 0 to 65535, got `70000`/);
    expect(() => resolveDashboardOptions({ token: 'short' })).toThrow(/`token` to be a string of at least 8 characters/);
    expect(() => resolveDashboardOptions({ prot: 1 } as never)).toThrow(/unknown option `prot`/);
  });
});

describe('the JSON API', () => {
  it('gives a workflow with its nodes and edges, and 404 for an unknown one', async () => {
    const { request, close } = server();
    const res = await app.apply(chord([signature('a', [1]), signature('b', [2])], signature('sum')));
    const body = (await (await request(`/api/workflows/${res.id}`)).json()) as WorkflowGraph;
    expect(body).toMatchObject({ id: res.id, state: 'PENDING' });
    expect(body.nodes.map((n) => `${n.id}:${n.taskName}:${n.state}`)).toEqual(['r.0:a:PENDING', 'r.1:b:PENDING', 'r.b:sum:PENDING']);
    expect(body.edges).toEqual([
      { from: 'r.0', to: 'r.b', kind: 'join' },
      { from: 'r.1', to: 'r.b', kind: 'join' },
    ]);
    expect((await request('/api/workflows/nope')).status).toBe(404);
    close();
  });

  it('revokes on a same-origin JSON POST', async () => {
    const { request, close } = server();
    const res = await app.apply(signature('a', [1]));
    const answer = await request(`/api/workflows/${res.id}/revoke`, { method: 'POST', headers: { ...json, origin: 'http://127.0.0.1:5555' }, body: '{}' });
    expect(answer.status).toBe(200);
    expect(await res.state()).toBe('REVOKED');
    close();
  });

  it('answers 501 naming the app method for what the app does not offer, and says so in /api/meta', async () => {
    const { request, close } = server({}, ['terminate', 'retry', 'workflows']);
    const res = await app.apply(signature('a', [1]));
    const terminate = await request(`/api/workflows/${res.id}/revoke`, { method: 'POST', headers: json, body: '{"terminate":true}' });
    expect(terminate.status).toBe(501);
    expect(((await terminate.json()) as ApiError).error).toMatch(/revoke\(\{ terminate: true \}\)/);
    expect(await res.state()).toBe('PENDING');
    const retry = await request(`/api/workflows/${res.id}/retry`, { method: 'POST', headers: json, body: '{}' });
    expect([retry.status, ((await retry.json()) as ApiError).error]).toEqual([501, 'Retry needs app.retry(), which this app does not offer']);
    const list = await request('/api/workflows');
    expect(list.status).toBe(501);
    const found = (await (await request(`/api/workflows?id=${res.id}`)).json()) as WorkflowPage;
    expect(found.items).toEqual([{ id: res.id, state: 'PENDING', createdAt: 0 }]);
    const meta = (await (await request('/api/meta')).json()) as DashboardMeta;
    expect(meta.capabilities).toMatchObject({ terminate: false, retry: false, workflows: false });
    close();
  });
});

describe('the guard', () => {
  describe('when a request would change something', () => {
    it('refuses a form post, a cross-site request and a foreign origin, and changes nothing', async () => {
      const { request, close } = server();
      const res = await app.apply(signature('a', [1]));
      const path = `/api/workflows/${res.id}/revoke`;
      const form = await request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'terminate=true' });
      const crossSite = await request(path, { method: 'POST', headers: { ...json, 'sec-fetch-site': 'cross-site' }, body: '{}' });
      const foreign = await request(path, { method: 'POST', headers: { ...json, origin: 'http://evil.example' }, body: '{}' });
      const opaque = await request(path, { method: 'POST', headers: { ...json, origin: 'null' }, body: '{}' });
      expect([form.status, crossSite.status, foreign.status, opaque.status]).toEqual([403, 403, 403, 403]);
      expect(await res.state()).toBe('PENDING');
      close();
    });
  });

  it('without a token, answers only to loopback host names (no DNS rebinding)', async () => {
    const { request, close } = server();
    expect((await request('/api/meta', { host: 'attacker.example:5555' })).status).toBe(421);
    expect((await request('/api/meta', { host: 'localhost:5555' })).status).toBe(200);
    close();
  });

  describe('with a token', () => {
    it('refuses requests without it, on the API and the page alike', async () => {
      const { request, close } = server({ token: 'correct-horse' });
      expect((await request('/api/meta')).status).toBe(401);
      expect((await request('/')).status).toBe(401);
      expect((await request('/api/meta', { headers: { authorization: 'Bearer wrong-horse!' } })).status).toBe(401);
      expect((await request('/api/meta', { headers: { authorization: 'Bearer correct-horse' } })).status).toBe(200);
      close();
    });

    it('trades ?token= for an HttpOnly cookie and a redirect without it, then takes the cookie', async () => {
      const { request, close } = server({ token: 'correct-horse' });
      const first = await request('/workflows/abc?token=correct-horse&x=1');
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/workflows/abc?x=1');
      const cookie = first.headers.get('set-cookie')!;
      expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect(cookie).not.toContain('correct-horse');
      const session = cookie.split(';')[0]!;
      expect((await request('/api/meta', { headers: { cookie: session } })).status).toBe(200);
      expect((await request('/api/meta', { headers: { cookie: `${SESSION_COOKIE}=forged` } })).status).toBe(401);
      expect((await request('/?token=wrong-horse!')).status).toBe(401);
      close();
    });
  });

  it('sends a content security policy that allows nothing from elsewhere', async () => {
    const { request, close } = server();
    const csp = (await request('/')).headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    close();
  });
});
