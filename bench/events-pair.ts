/**
 * The events on/off pair of `npm run bench` (`--only events` runs it alone): what events and metrics cost. The
 * same shapes (2,000 independent tasks; a chord of 1,000) run alternately with `events: false` and with events
 * on (the default), in one process, each side on an app and a worker of its own; the table gives the median
 * time, the throughput with events on relative to off, and Redis commands per task of each side. Metrics are
 * counted in both (they are in-process and always on). Command counts are server-wide: use a Redis of your
 * own (`--redis`) for exact ones.
 */
import { chord, createApp, type App } from '../index.js';
import { delta, deleteKeys, settle, total, type BenchRedis } from './redis-stats.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => quiet };

interface Shape {
  readonly name: string;
  readonly tasks: number;
  run(app: App): Promise<void>;
}

function shapes(quick: boolean): Shape[] {
  const independent = quick ? 200 : 2000;
  const members = quick ? 100 : 1000;
  return [
    {
      name: `${independent.toLocaleString('en')} independent tasks`,
      tasks: independent,
      run: async (app) => {
        await Promise.all(Array.from({ length: independent }, async (_, i) => (await app.apply(app.signature('add', [i, 1]))).get({ timeout: 120_000 })));
      },
    },
    {
      name: `chord of ${members.toLocaleString('en')}`,
      tasks: members + 1,
      run: async (app) => {
        await (await app.apply(chord(Array.from({ length: members }, (_, i) => app.signature('add', [i, 1])), app.signature('xsum')))).get({ timeout: 120_000 });
      },
    },
  ];
}

export interface EventsPairRow {
  readonly shape: string;
  readonly tasks: number;
  readonly offMs: number[];
  readonly onMs: number[];
  readonly medianOffMs: number;
  readonly medianOnMs: number;
  /** Throughput with events on over throughput with them off: 0.9 means 10% fewer tasks per second. */
  readonly throughputRatio: number;
  readonly commandsPerTaskOff: number;
  readonly commandsPerTaskOn: number;
}

async function once(url: string, admin: BenchRedis, shape: Shape, events: boolean): Promise<{ ms: number; commands: number }> {
  const prefix = `bench-events-${events ? 'on' : 'off'}-${Math.random().toString(36).slice(2, 8)}`;
  const app = createApp({ redis: url, prefix, logger: quiet, ...(events ? {} : { events: false }) });
  const add = app.task('add', (x: number, y: number) => x + y);
  app.task('xsum', (xs: number[]) => xs.reduce((a, b) => a + b, 0));
  app.worker({ concurrency: 50 });
  try {
    // Connections open and scripts loaded before the clock starts.
    await (await add.delay(1, 1)).get({ timeout: 10_000 });
    const before = await settle(admin);
    const started = performance.now();
    await shape.run(app);
    const ms = performance.now() - started;
    const after = await settle(admin);
    return { ms, commands: total(delta(before, after)) / shape.tasks };
  } finally {
    await app.close();
    await deleteKeys(admin, prefix);
  }
}

/** Runs every shape `runs` times per side, alternating which side goes first, and returns the medians. */
export async function eventsPair(options: { url: string; admin: BenchRedis; runs: number; quick: boolean; log: (line: string) => void }): Promise<EventsPairRow[]> {
  const rows: EventsPairRow[] = [];
  for (const shape of shapes(options.quick)) {
    const off: Array<{ ms: number; commands: number }> = [];
    const on: Array<{ ms: number; commands: number }> = [];
    for (let i = 0; i < options.runs; i++) {
      const order = i % 2 === 0 ? [false, true] : [true, false];
      for (const events of order) {
        const sample = await once(options.url, options.admin, shape, events);
        (events ? on : off).push(sample);
        options.log(`events pair, ${shape.name}: run ${i + 1}/${options.runs} events ${events ? 'on ' : 'off'} ${sample.ms.toFixed(0).padStart(6)} ms  ${sample.commands.toFixed(2)} cmds/task`);
      }
    }
    const medianOffMs = median(off.map((r) => r.ms));
    const medianOnMs = median(on.map((r) => r.ms));
    rows.push({
      shape: shape.name,
      tasks: shape.tasks,
      offMs: off.map((r) => Math.round(r.ms)),
      onMs: on.map((r) => Math.round(r.ms)),
      medianOffMs: Math.round(medianOffMs),
      medianOnMs: Math.round(medianOnMs),
      throughputRatio: Math.round((medianOffMs / medianOnMs) * 100) / 100,
      commandsPerTaskOff: Math.round(median(off.map((r) => r.commands)) * 100) / 100,
      commandsPerTaskOn: Math.round(median(on.map((r) => r.commands)) * 100) / 100,
    });
  }
  return rows;
}

export function eventsPairTable(rows: readonly EventsPairRow[]): string {
  return [
    '| shape | events off: median ms (runs) | events on: median ms (runs) | throughput on / off | Redis commands/task off | on |',
    '|---|--:|--:|--:|--:|--:|',
    ...rows.map((r) => `| ${r.shape} | ${r.medianOffMs} (${r.offMs.join(', ')}) | ${r.medianOnMs} (${r.onMs.join(', ')}) | ${r.throughputRatio.toFixed(2)} | ${r.commandsPerTaskOff.toFixed(2)} | ${r.commandsPerTaskOn.toFixed(2)} |`),
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
