/**
 * A child process of the bench (a Celery worker, a shape driver, a `celeriac worker`, a producer): its JSON
 * lines on stdout as messages, the tail of its output for error messages, and a stop that ends it, and only
 * it and its own process group, by id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  readonly pid: number;
  /** The next JSON object it prints on a line of its own; rejects if it exits first or `timeoutMs` passes. */
  next(timeoutMs: number): Promise<Record<string, unknown>>;
  /** Resolves when a line containing `text` appears on stdout or stderr. */
  printed(text: string, timeoutMs: number): Promise<void>;
  send(line: string): void;
  /** How it exited, once it has: `code N` or `signal S`. */
  readonly exited: Promise<string>;
  /** The last few kB it wrote, for error messages. */
  tail(): string;
  /** SIGTERM, then after `graceMs` SIGKILL to its process group; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export function startChild(name: string, command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Child {
  // detached: its own process group, so a stuck child's children (a prefork pool) can be ended with it.
  const child: ChildProcess = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let output = '';
  const keep = (text: string) => {
    output = (output + text).slice(-4000);
  };
  const messages: Record<string, unknown>[] = [];
  const waiting: Array<() => void> = [];
  const watchers: Array<{ text: string; found: () => void }> = [];
  const onLine = (line: string) => {
    keep(`${line}\n`);
    for (const watcher of [...watchers]) if (line.includes(watcher.text)) watcher.found();
    if (line.startsWith('{')) {
      try {
        messages.push(JSON.parse(line) as Record<string, unknown>);
        waiting.splice(0).forEach((wake) => wake());
      } catch {
        // Not one of our messages: a log line that happens to start with a brace.
      }
    }
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      // Its last lines may still be in the pipe when 'exit' comes: read them before saying it printed nothing.
      setTimeout(() => {
        done = true;
        resolve(signal ? `signal ${signal}` : `code ${code}`);
        waiting.splice(0).forEach((wake) => wake());
      }, 200);
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not start \`${command}\``);

  const failure = (why: string) => new Error(`${name} ${why}; its last output:\n${output.split('\n').slice(-15).join('\n')}`);
  return {
    pid,
    exited,
    tail: () => output,
    send: (line) => child.stdin!.write(`${line}\n`),
    next: (timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(failure(`printed nothing in ${timeoutMs} ms`)), timeoutMs);
        const look = () => {
          const message = messages.shift();
          if (message) {
            clearTimeout(timer);
            resolve(message);
          } else if (done) {
            clearTimeout(timer);
            void exited.then((how) => reject(failure(`exited (${how})`)));
          } else waiting.push(look);
        };
        look();
      }),
    printed: (text, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(failure(`did not print "${text}" in ${timeoutMs} ms`)), timeoutMs);
        const watcher = { text, found: () => (clearTimeout(timer), watchers.splice(watchers.indexOf(watcher), 1), resolve()) };
        watchers.push(watcher);
        void exited.then((how) => (clearTimeout(timer), reject(failure(`exited (${how})`))));
      }),
    stop: async (graceMs = 15_000) => {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
