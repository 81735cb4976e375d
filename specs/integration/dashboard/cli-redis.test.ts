import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardMeta, LiveMessage, WorkerRow, WorkflowGraph, WorkflowPage } from '../../../dashboard/wire.js';
import { chain, chord, createApp, signature, type App } from '../../../index.js';
import { deleteKeys } from '../../contract/redis-cleanup.js';
import { WorkerPool } from '../support/worker-processes.js';
import { buildPage } from './support/build-page.js';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'celeriac.js');
const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Starts `celeriac dashboard` and resolves with its address once it printed it. */
function startDashboard(args: readonly string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'dashboard', ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dashboard did not start in 20 s: ${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /celeriac dashboard on (http:\/\/\S+?)[;\s]/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dashboard exited with ${code}: ${output}`));
    });
  });
}

describe('celeriac dashboard on Redis', () => {
  const prefix = `test-${randomUUID()}`;
  const env = { REDIS_URL: redis, CELERIAC_PREFIX: prefix };
  const workers = new WorkerPool({ app: join('examples', 'app.ts'), env, concurrency: 4 });
  const children: ChildProcess[] = [];
  let producer: App;

  beforeAll(async () => {
    buildPage();
    await workers.start();
    producer = createApp({ redis, prefix });
  });
  afterAll(async () => {
    const stopped = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(undefined) : (child.once('exit', resolve), child.kill('SIGTERM'))));
    await Promise.all(children.map(stopped));
    await workers.stopAll();
    await producer?.close();
    await deleteKeys(prefix);
  });

  it('shows a workflow applied by another process and run by another worker, and guards it with the token', async () => {
    const token = randomUUID();
    const { child, url } = await startDashboard(['--port', '0', '--token', token], env);
    children.push(child);
    const res = await producer.apply(chord([signature('add', [1, 2]), signature('add', [3, 4])], signature('xsum')));
    expect(await res.get({ timeout: 20_000 })).toBe(10);

    expect((await fetch(`${url}/api/workflows/${res.id}`)).status).toBe(401);
    const answer = await fetch(`${url}/api/workflows/${res.id}`, { headers: { authorization: `Bearer ${token}` } });
    const graph = (await answer.json()) as WorkflowGraph;
    expect(graph.state).toBe('SUCCESS');
    expect(graph.nodes.map((n) => `${n.taskName}:${n.state}`)).toEqual(['add:SUCCESS', 'add:SUCCESS', 'xsum:SUCCESS']);
    const page = await fetch(`${url}/workflows/${res.id}?token=${token}`, { redirect: 'manual' });
    expect(page.status).toBe(303);

    // The list and the workers come from the fleet: the producer's workflow, the worker process's heartbeat.
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const list = (await (await fetch(`${url}/api/workflows?state=SUCCESS`, auth)).json()) as WorkflowPage;
    expect(list.items.map((row) => row.id)).toContain(res.id);
    const workerRows = (await (await fetch(`${url}/api/workers`, auth)).json()) as WorkerRow[];
    expect(workerRows.map((w) => w.pid)).toEqual(workers.children.map((c) => c.pid));
  });

  it('sends the changes of a watched workflow live, fed by the events other processes publish', async () => {
    const { child, url } = await startDashboard(['--port', '0'], env);
    children.push(child);
    const meta = (await (await fetch(`${url}/api/meta`)).json()) as DashboardMeta;
    expect(meta.capabilities).toMatchObject({ events: true, workflows: true, workers: true, queues: true });
    // The page subscribes before the workflow exists, as a page left open would: every change must reach it.
    const id = `live-${randomUUID()}`;
    const stream = await fetch(`${url}/api/events?workflow=${id}`);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    while (!(await reader.read()).value?.includes('event: ready'));
    await producer.apply(chain(signature('add', [1, 1]), signature('add', [2]), signature('add', [3])), { id });
    const states: string[] = [];
    let buffered = '';
    while (!states.includes('SUCCESS')) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      for (const line of buffered.split('\n')) {
        if (!line.startsWith('data: {"type":"graph"')) continue;
        states.push((JSON.parse(line.slice(6)) as LiveMessage & { type: 'graph' }).state);
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    }
    await reader.cancel();
    expect(states.at(-1)).toBe('SUCCESS');
  });

  it('refuses to listen on a non-loopback address without a token, and exits 1 saying why', async () => {
    const ran = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(process.execPath, [bin, 'dashboard', '--host', '0.0.0.0', '--port', '0'], { cwd: root, env: { ...process.env, ...env }, timeout: 30_000 }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/Refusing to serve the dashboard on 0\.0\.0\.0 without a token/);
  });
});
