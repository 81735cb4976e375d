/**
 * `npx tsx bench/check-workflow.ts [--schedules 1000] [--seed 1]`: how long `checkWorkflow` takes to run a
 * 20-node canvas under generated fault schedules on the memory driver (the celeriac/testing entry). Not a
 * test: it prints the figure docs/testing.md quotes, with the machine's load next to it.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chain, chord, group, signature } from '../index.js';
import { checkWorkflow, createTestApp } from '../testing/index.js';

const { values: flags } = parseArgs({ options: { schedules: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
const schedules = Number(flags.schedules);
const seed = Number(flags.seed);
if (!Number.isInteger(schedules) || schedules < 1) throw new Error(`--schedules must be a whole number from 1, got ${flags.schedules}`);

const app = createTestApp();
app.task('step', (...args: unknown[]) => args.length);
app.task('sum', (parts: number[]) => parts.reduce((a, b) => a + b, 0));
app.task('note', () => 'noted');

// chain(step, chord(6 steps, sum), group(6 steps), sum) with a link and an errback: 20 planned nodes.
const step = (i: number) => signature('step', [i]);
const canvas = chain(
  step(0).link(signature('note')),
  chord([1, 2, 3, 4, 5, 6].map(step), signature('sum')),
  group([7, 8, 9, 10, 11, 12].map(step)),
  signature('sum').linkError(signature('note')),
);
const nodes = Object.keys(app.plan(canvas, 'bench', 0).nodes).length;
if (nodes !== 20) throw new Error(`the bench canvas should plan 20 nodes, it plans ${nodes}`);

const started = performance.now();
const cpuBefore = process.cpuUsage();
const report = await checkWorkflow(app, canvas, { runs: schedules, seed });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const injected = Object.values(report.faults).reduce((a, b) => a + b, 0);
console.log(
  `${schedules} schedules of a ${nodes}-node canvas in ${seconds.toFixed(2)} s (${((seconds * 1000) / schedules).toFixed(2)} ms each), ` +
    `${cpuSeconds.toFixed(2)} s of CPU; ${injected} faults injected, ${report.deliveries} deliveries; ${cpus().length} cores, load ${loadavg()[0]!.toFixed(1)}`,
);
