import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteKeys } from '../contract/redis-cleanup.js';
import { bareImports, cleanEnv, consumerProject, packCleanCopy, readJson, root, sh, type Packed } from './support/packed.js';

// What a user gets from `npm pack` of a fresh clone, installed the two ways npm lays packages out: hoisted
// (the default) and nested without dev dependencies, where an undeclared import has nowhere to resolve from
// and the optional peers (pg, tsx) are absent.

const chainEsm = `
import { createApp, chain, group } from 'celeriac';
const app = createApp({ driver: 'memory' });
const add = app.task('add', (x, y) => x + y);
const xsum = app.task('xsum', (xs) => xs.reduce((a, b) => a + b, 0));
app.worker();
const res = await app.apply(chain(add.s(1, 1), group(add.s(10), add.s(20)), xsum.s()));
console.log(JSON.stringify({ result: await res.get({ timeout: 10000 }) }));
await app.close();
`;

// Run with and without require(esm): the CommonJS build must not depend on it (Node before 20.19 lacks it).
const chainCjs = `
const { createApp, chain, chord } = require('celeriac');
const app = createApp({ driver: 'memory' });
const add = app.task('add', (x, y) => x + y);
const xsum = app.task('xsum', (xs) => xs.reduce((a, b) => a + b, 0));
app.worker();
app.apply(chain(add.s(2, 2), chord([add.s(1), add.s(2)], xsum.s())))
  .then((res) => res.get({ timeout: 10000 }))
  .then(async (result) => {
    const loaded = Object.keys(require.cache).filter((file) => /node_modules[\\\\/](pg|tsx|cli-progress)[\\\\/]/.test(file));
    console.log(JSON.stringify({ result, loaded }));
    await app.close();
  });
`;

// Without pg installed, the memory driver still runs; store: 'postgres' says what to install.
const withoutPg = `
import { createApp } from 'celeriac';
const app = createApp({ driver: 'memory', store: 'postgres' });
const add = app.task('add', (x, y) => x + y);
try {
  await app.apply(add.s(1, 2));
  console.log(JSON.stringify({ error: null }));
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
}
await app.close();
`;

const consumerMts = `
import { createApp, chain, group, chord, TaskError, type AsyncResult } from 'celeriac';
const app = createApp({ driver: 'memory' });
const add = app.task('add', (x: number, y: number) => x + y);
const xsum = app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
const label = app.task('label', (n: number) => \`n=\${n}\`);
const res: AsyncResult<string> = await app.apply(chain(add.s(1, 1), group(add.s(10), add.s(20)), xsum.s(), label.s()));
const text: string = await res.get({ timeout: 1000 }).catch((e: unknown) => (e instanceof TaskError ? e.taskName : ''));
const pair: [number, number] = await (await app.apply(group(add.s(1, 1), add.s(2, 2)))).get();
const sum: number = await (await app.apply(chord([add.s(1, 1), add.s(2, 2)], xsum.s()))).get();
// @ts-expect-error add takes numbers
add.s(1, 'x');
// @ts-expect-error label returns a string, which add's first parameter (a number) does not take
chain(label.s(1), add.s(2));
export { text, pair, sum };
`;

const consumerCts = `
import { createApp, chain, type AsyncResult } from 'celeriac';
const app = createApp({ driver: 'memory' });
const add = app.task('add', (x: number, y: number) => x + y);
export const pending: Promise<AsyncResult<number>> = app.apply(chain(add.s(1, 2), add.s(3)));
// @ts-expect-error add takes numbers
add.si('x', 1);
`;

const tsconfig = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
  },
  files: ['consumer.mts', 'consumer.cts'],
};

const workerApp = `
import { createApp } from 'celeriac';
export const app = createApp({ redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: process.env.CELERIAC_PREFIX });
app.task('add', (x, y) => x + y);
app.task('mul', (x, y) => x * y);
`;

const producer = `
import { createApp, chain, signature } from 'celeriac';
const app = createApp({ redis: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix: process.env.CELERIAC_PREFIX });
const res = await app.apply(chain(signature('add', [2, 2]), signature('mul', [8])));
console.log(JSON.stringify({ result: await res.get({ timeout: 20000 }) }));
await app.close();
`;

// A CommonJS app module: the (ES) command line loads it, and it loads the CommonJS build.
const cjsApp = `
const { createApp } = require('celeriac');
const app = createApp({ driver: 'memory' });
app.task('add', (x, y) => x + y);
module.exports = app;
`;

const files = { 'app.cjs': cjsApp, 'good.json': JSON.stringify({ chain: [{ task: 'add', args: [2, 2] }, { task: 'add', args: [3] }] }), 'bad.json': JSON.stringify({ chain: [{ task: 'ad', args: [1, 1] }] }), 'chain.mjs': chainEsm, 'chain.cjs': chainCjs, 'without-pg.mjs': withoutPg, 'app.mjs': workerApp, 'app.ts': workerApp, 'producer.mjs': producer };

let packed: Packed;
let hoisted: string;
let nested: string;
const prefix = `test-${randomUUID()}`;

beforeAll(async () => {
  packed = await packCleanCopy();
  [hoisted, nested] = await Promise.all([
    consumerProject(packed, 'hoisted', ['@types/node@^20'], { ...files, 'consumer.mts': consumerMts, 'consumer.cts': consumerCts, 'tsconfig.json': JSON.stringify(tsconfig, null, 2) }),
    consumerProject(packed, 'nested', ['--install-strategy=nested', '--omit=dev'], files),
  ]);
}, 240_000);

afterAll(async () => {
  await deleteKeys(prefix);
  if (packed) rmSync(packed.dir, { recursive: true, force: true });
});

const node = (cwd: string, args: readonly string[]) => sh(process.execPath, args, cwd);
const json = (text: string) => JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;

describe('the packed tarball', () => {
  it('ships the build, the bin, the schema and the licence, and no source maps', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/celeriac.js', 'schema/workflow.schema.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli.js', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'dist/cjs/package.json']));
    expect(packed.files.filter((file) => file.endsWith('.map'))).toEqual([]);
    expect(packed.files.filter((file) => file.endsWith('.lua')).length).toBeGreaterThan(0);
    expect(packed.files.filter((file) => file.startsWith('dist/cjs/') && file.endsWith('.lua')).length).toBeGreaterThan(0);
  });

  it('imports only packages it declares as dependencies or peers', () => {
    const pkg = readJson<{ dependencies: Record<string, string>; peerDependencies: Record<string, string> }>(join(nested, 'node_modules', 'celeriac', 'package.json'));
    const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]);
    const used = new Set(packed.files.filter((file) => /\.(c|m)?js$/.test(file)).flatMap((file) => bareImports(readFileSync(join(nested, 'node_modules', 'celeriac', file), 'utf8'))));
    expect([...used].filter((name) => !declared.has(name))).toEqual([]);
    expect(used).toContain('cron-parser');
  });

  it('passes publint and are-the-types-wrong', async () => {
    await sh('npx', ['publint', 'run', '--strict', packed.tarball], root);
    // node16 profile: every resolution but node10's, which ignores `exports` and so cannot see celeriac/schema.json.
    await sh('npx', ['attw', '--profile', 'node16', '--format', 'ascii', packed.tarball], root);
  });
});

describe.each(['hoisted', 'nested'])('installed %s', (layout) => {
  const dir = () => (layout === 'hoisted' ? hoisted : nested);

  it('runs a chain through an ES import', async () => {
    expect(json((await node(dir(), ['chain.mjs'])).stdout)).toEqual({ result: 34 });
  });

  it('runs a chain through a CommonJS require, without loading pg, tsx or progress bars', async () => {
    expect(json((await node(dir(), ['chain.cjs'])).stdout)).toEqual({ result: 11, loaded: [] });
    expect(json((await node(dir(), ['--no-experimental-require-module', 'chain.cjs'])).stdout)).toEqual({ result: 11, loaded: [] });
  });

  it('prints its version', async () => {
    const { stdout } = await sh('npx', ['--no-install', 'celeriac', '--version'], dir());
    expect(stdout.trim()).toBe(readJson<{ version: string }>(join(root, 'package.json')).version);
  });
});

describe('installed hoisted', () => {
  it('type-checks a strict nodenext TypeScript consumer, ES and CommonJS', async () => {
    await node(hoisted, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
  });
});

describe('installed nested without dev dependencies', () => {
  it('names the package to install when store: postgres is used without pg', async () => {
    expect(json((await node(nested, ['without-pg.mjs'])).stdout).error).toMatch(/needs the pg package.*npm install pg/);
  });

  it('says tsx is needed for a TypeScript --app module', async () => {
    const failed = await sh(process.execPath, [join('node_modules', '.bin', 'celeriac'), 'worker', '--app', './app.ts'], nested).catch((error: Error) => error.message);
    expect(failed).toMatch(/app\.ts' is TypeScript, which needs the tsx package/);
  });

  it('runs a workflow document on a CommonJS app module, and lists the problems of a bad one', async () => {
    const bin = join('node_modules', '.bin', 'celeriac');
    expect(JSON.parse((await node(nested, [bin, 'run', '--app', './app.cjs', 'good.json', '--wait'])).stdout)).toMatchObject({ state: 'SUCCESS', result: 7 });
    const failed = await node(nested, [bin, 'run', '--app', './app.cjs', 'bad.json']).catch((error: Error) => error.message);
    expect(failed).toMatch(/✗ bad\.json: 1 problem\n {2}\/chain\/0\/task: .*'ad'/);
  });

  it('runs a worker on a plain .mjs app against Redis', async () => {
    const env = cleanEnv({ CELERIAC_PREFIX: prefix });
    const worker = spawn(process.execPath, [join('node_modules', '.bin', 'celeriac'), 'worker', '--app', './app.mjs'], { cwd: nested, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    worker.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('celeriac worker ready: driver=redis');
      expect(json((await sh(process.execPath, ['producer.mjs'], nested, env)).stdout)).toEqual({ result: 32 });
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
