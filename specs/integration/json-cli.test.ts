import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite } from '../../examples/site.js';
import { deleteKeys } from '../contract/redis-cleanup.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'celeriac.js');
const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function celeriac(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const doc = (name: string) => join('examples', 'json', `${name}.json`);
const invalid = (name: string) => join('specs', 'fixtures', 'invalid', `${name}.json`);
const app = join('examples', 'app.ts');

describe('the example documents through `celeriac run`', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  const prefix = `test-${randomUUID()}`;

  beforeAll(async () => {
    site = await startSite();
  });
  afterAll(async () => {
    await site.close();
    await deleteKeys(prefix);
  });

  const drivers: Array<{ name: string; env: Record<string, string>; extra: string[] }> = [
    { name: 'memory', env: { REDIS_URL: '' }, extra: [] },
    { name: 'redis', env: { REDIS_URL: redis, CELERIAC_PREFIX: prefix }, extra: ['--worker'] },
  ];
  for (const driver of drivers) {
    describe(`on the ${driver.name} driver`, () => {
      it('arithmetic.json gives 11', async () => {
        const ran = await celeriac(['run', '--app', app, doc('arithmetic'), '--wait', ...driver.extra], driver.env);
        expect(ran.code, ran.stderr).toBe(0);
        expect(JSON.parse(ran.stdout)).toMatchObject({ state: 'SUCCESS', result: 11 });
        expect(ran.stderr).toContain(`on the ${driver.name} driver`);
      });
      it('squares.json gives 55', async () => {
        const ran = await celeriac(['run', '--app', app, doc('squares'), '--wait', ...driver.extra], driver.env);
        const out = JSON.parse(ran.stdout) as { id: string };
        expect(out).toMatchObject({ state: 'SUCCESS', result: 55 });
        if (driver.name === 'redis') {
          // Another process reads the same workflow by id.
          const status = await celeriac(['status', out.id, '--app', app], driver.env);
          expect(status.code, status.stderr).toBe(0);
          expect(JSON.parse(status.stdout)).toMatchObject({ id: out.id, state: 'SUCCESS', result: 55, tasks: { done: 6, total: 6 } });
        }
      });
      it('crawl.json crawls the site given as a parameter and reports the missing page', async () => {
        const ran = await celeriac(['run', '--app', app, doc('crawl'), '--input', JSON.stringify({ site: site.baseUrl }), '--wait', ...driver.extra], driver.env);
        expect(ran.code, ran.stderr).toBe(0);
        const { result } = JSON.parse(ran.stdout) as { result: { crawled: number; succeeded: unknown[]; failed: Array<{ url: string }> } };
        expect(result.crawled).toBe(5);
        expect(result.succeeded).toHaveLength(4);
        expect(result.failed.map((f) => f.url)).toEqual([`${site.baseUrl}/newsletter/2019`]);
      });
      it('crawl.json without its parameter is refused before anything runs', async () => {
        const ran = await celeriac(['run', '--app', app, doc('crawl'), '--wait', ...driver.extra], driver.env);
        expect(ran.code).toBe(1);
        expect(ran.stderr).toMatch(/\/params.*site/);
      });
    });
  }
});

describe('`celeriac validate`', () => {
  for (const name of ['arithmetic', 'squares', 'crawl']) {
    it(`exits 0 for examples/json/${name}.json, with and without --app`, async () => {
      expect((await celeriac(['validate', doc(name)])).code).toBe(0);
      const ran = await celeriac(['validate', doc(name), '--app', app], { REDIS_URL: '' });
      expect(ran.code, ran.stdout + ran.stderr).toBe(0);
    });
  }

  const cases: Array<{ file: string; app?: boolean; path: string; says: RegExp }> = [
    { file: 'wrong-type', path: '/task', says: /string/ },
    { file: 'unknown-kind', path: '/pipeline', says: /task, chain, group|chain/ },
    { file: 'chord-without-body', path: '/chord', says: /body/ },
    { file: 'misspelt-key', path: '/chain/1/gruop', says: /did you mean `group`/ },
    { file: 'unknown-task', app: true, path: '/chain/1/task', says: /did you mean .add/ },
    { file: 'breaks-contract', app: true, path: '/chain/1/args/0', says: /add.*number/ },
    { file: 'not-json', path: '/', says: /not valid JSON.*line 1/ },
  ];
  for (const c of cases) {
    it(`exits 1 for ${c.file}.json and points to ${c.path}`, async () => {
      const args = ['validate', invalid(c.file), '--json', ...(c.app ? ['--app', app] : [])];
      const ran = await celeriac(args, { REDIS_URL: '' });
      expect(ran.code).toBe(1);
      const report = JSON.parse(ran.stdout) as { valid: boolean; errors: Array<{ path: string; message: string; hint?: string }> };
      expect(report.valid).toBe(false);
      const problem = report.errors.find((e) => e.path === c.path);
      expect(problem, JSON.stringify(report.errors)).toBeDefined();
      expect(`${problem!.message} ${problem!.hint ?? ''}`).toMatch(c.says);
    });
  }

  it('prints problems for people, with the path and the hint', async () => {
    const ran = await celeriac(['validate', invalid('misspelt-key')]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toContain('/chain/1/gruop');
    expect(ran.stdout).toContain('hint: did you mean `group`?');
  });

  it('`celeriac schema` prints the published schema', async () => {
    const ran = await celeriac(['schema']);
    expect(JSON.parse(ran.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });
});
