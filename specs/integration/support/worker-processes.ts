import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'bin', 'celeriac.js');

export interface WorkerPoolOptions {
  readonly app: string;
  readonly env: Record<string, string>;
  readonly concurrency?: number;
  readonly queues?: string;
  /** More `celeriac worker` flags (`--pool threads`, `--heartbeat-ms 200`...). */
  readonly args?: readonly string[];
  /** A command that runs the worker elsewhere, such as `['ip', 'netns', 'exec', name]` for another network namespace. */
  readonly wrap?: readonly string[];
}

/** Real `celeriac worker` processes that a test can kill with SIGKILL and start again. */
export class WorkerPool {
  readonly #workers: ChildProcess[] = [];
  kills = 0;
  starts = 0;
  /** Everything the workers printed, for tests that check what was logged. */
  output = '';

  constructor(private readonly options: WorkerPoolOptions) {}

  /** What each worker printed on stderr (its log lines), by pid. */
  readonly stderr = new Map<number, string>();

  /** Starts a worker and resolves once it printed that it is ready. */
  async start(): Promise<ChildProcess> {
    const args = [bin, 'worker', '--app', this.options.app, '--concurrency', String(this.options.concurrency ?? 8)];
    if (this.options.queues) args.push('--queues', this.options.queues);
    args.push(...(this.options.args ?? []));
    const [command, ...rest] = [...(this.options.wrap ?? []), process.execPath, ...args];
    const child = spawn(command!, rest, { cwd: root, env: { ...process.env, ...this.options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#workers.push(child);
    this.starts++;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      this.output += chunk.toString();
      if (child.pid !== undefined) this.stderr.set(child.pid, stderr);
    });
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker did not start in 20 s: ${stderr}`)), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('celeriac worker ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`worker exited with ${code} before it was ready: ${stderr}`));
      });
    });
    return child;
  }

  /** The live workers, oldest first. */
  get children(): readonly ChildProcess[] {
    return this.#workers;
  }

  /** Sends `signal` to the i-th live worker and resolves with how long it took to exit, and its exit code. */
  async stop(index: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<{ ms: number; code: number | null }> {
    const child = this.#workers.splice(index, 1)[0];
    if (!child) throw new Error(`no worker ${index}`);
    const started = Date.now();
    const gone = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    const code = await gone;
    return { ms: Date.now() - started, code };
  }

  get size(): number {
    return this.#workers.length;
  }

  /** SIGKILL the i-th live worker (no chance to finish or clean up) and wait until it is gone. */
  async kill(index: number): Promise<void> {
    const child = this.#workers.splice(index % this.#workers.length, 1)[0];
    if (!child) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    this.kills++;
    await gone;
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.#workers.splice(0).map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        return gone;
      }),
    );
  }
}
