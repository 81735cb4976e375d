import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { freePort } from './private-redis.js';

const run = promisify(execFile);

export interface RedisClusterOptions {
  /** @default 3 */
  readonly masters?: number;
  /** Replicas per master, for failover tests. @default 0 */
  readonly replicas?: number;
  /** The address every node binds to and announces. @default '127.0.0.1' */
  readonly host?: string;
  /**
   * Runs a command in the place the nodes live (e.g. `['ip', 'netns', 'exec', ns]`): prefixed to redis-server
   * and redis-cli. `ip netns exec` execs the command, so the PID is still redis-server's. @default []
   */
  readonly wrap?: readonly string[];
  /**
   * How long a node may be unreachable before it counts as failed and a replica takes over. Long by default, so
   * that a node slowed by a loaded machine is not failed by mistake (which stops the cluster when it has no
   * replicas). @default 5000
   */
  readonly nodeTimeoutMs?: number;
}

interface Node {
  readonly port: number;
  readonly busPort: number;
  readonly dir: string;
  child: ChildProcess | undefined;
}

/** Not yet exited; a process killed by a signal has a `signalCode` and no `exitCode`. */
function alive(node: Node): boolean {
  return node.child !== undefined && node.child.exitCode === null && node.child.signalCode === null;
}

/**
 * A Redis Cluster of private redis-server processes (`--cluster-enabled yes`), joined with
 * `redis-cli --cluster create`, on ports the OS picked (the cluster bus port too, through `cluster-port`, so that
 * port + 10000 never has to be free). Nothing is persisted; every node is stopped by its PID and its temp dir removed.
 * @example
 * const cluster = await RedisCluster.start();
 * createApp({ redis: { cluster: cluster.nodes } });
 * await cluster.stop();
 */
export class RedisCluster {
  readonly #nodes: Node[] = [];

  private constructor(private readonly options: Required<RedisClusterOptions>) {}

  static async start(options: RedisClusterOptions = {}): Promise<RedisCluster> {
    const cluster = new RedisCluster({ masters: 3, replicas: 0, host: '127.0.0.1', wrap: [], nodeTimeoutMs: 5000, ...options });
    try {
      await cluster.boot();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The nodes, as `createApp({ redis: { cluster } })` takes them. */
  get nodes(): { host: string; port: number }[] {
    return this.#nodes.map((node) => ({ host: this.options.host, port: node.port }));
  }

  /** `host:port,host:port`, the form of REDIS_CLUSTER. */
  get env(): string {
    return this.nodes.map((node) => `${node.host}:${node.port}`).join(',');
  }

  /** A cluster client of the test's own (for checks and clean-up); the caller closes it. */
  client(): Cluster {
    return new Cluster(this.nodes, { redisOptions: { maxRetriesPerRequest: 3 } });
  }

  /** The ports of the nodes that are masters now, as the nodes themselves say. */
  async masterPorts(): Promise<number[]> {
    for (const node of this.#nodes) {
      if (!alive(node)) continue;
      const lines = await this.cli(node.port, 'cluster', 'nodes');
      return lines
        .split('\n')
        .filter((line) => /\bmaster\b/.test(line) && !/\bfail\b/.test(line))
        .map((line) => Number(/:(\d+)@/.exec(line)?.[1]));
    }
    throw new Error('no cluster node is running');
  }

  /** The port of the master that serves `key`'s slot now (CLUSTER KEYSLOT, then CLUSTER SHARDS' owner), asked with redis-cli. */
  async masterOf(key: string): Promise<number> {
    const port = (await this.livePort());
    const slot = Number((await this.cli(port, 'cluster', 'keyslot', key)).trim());
    for (const line of (await this.cli(port, 'cluster', 'nodes')).split('\n')) {
      if (!/\bmaster\b/.test(line) || /\bfail\b/.test(line)) continue;
      const owns = line.split(' ').slice(8).some((range) => {
        const [from, to = from] = range.split('-').map(Number);
        return slot >= from! && slot <= to!;
      });
      if (owns) return Number(/:(\d+)@/.exec(line)?.[1]);
    }
    throw new Error(`no live master serves slot ${slot}`);
  }

  private async livePort(): Promise<number> {
    const node = this.#nodes.find(alive);
    if (!node) throw new Error('no cluster node is running');
    return node.port;
  }

  /**
   * Resolves once every replica of master `port` has received what the master had written when this was
   * called (its `master_repl_offset`). Replication is asynchronous: a master killed before its replica caught
   * up loses the writes it had acknowledged, which Redis does not promise to keep. A test that means to check a
   * failover, not that loss, waits for this before the kill.
   */
  async waitReplicated(port: number, timeoutMs = 10_000): Promise<void> {
    const written = Number(/master_repl_offset:(\d+)/.exec(await this.cli(port, 'info', 'replication'))?.[1]);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await this.cli(port, 'info', 'replication');
      const offsets = [...info.matchAll(/^slave\d+:.*\boffset=(\d+)/gm)].map((match) => Number(match[1]));
      if (offsets.length > 0 && offsets.every((offset) => offset >= written)) return;
      if (Date.now() > deadline) throw new Error(`the replicas of ${port} did not reach offset ${written} in ${timeoutMs} ms: ${info}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** SIGKILL one node by its PID: what a crashed machine looks like to the others. */
  async kill(port: number): Promise<void> {
    const node = this.#nodes.find((n) => n.port === port);
    const child = node?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }

  /** Resolves once every live node reports `cluster_state:ok` and no master is marked failed. */
  async waitHealthy(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const live = this.#nodes.filter(alive);
      const states = await Promise.all(live.map((node) => this.cli(node.port, 'cluster', 'info').catch(() => '')));
      const masters = await this.masterPorts().catch(() => []);
      if (states.every((info) => info.includes('cluster_state:ok')) && masters.length === this.options.masters && masters.every((p) => live.some((n) => n.port === p))) return;
      if (Date.now() > deadline) throw new Error(`the cluster did not become healthy in ${timeoutMs} ms: ${states.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Kills every node by its PID and removes their temp dirs. */
  async stop(): Promise<void> {
    await Promise.all(this.#nodes.map((node) => this.kill(node.port)));
    for (const node of this.#nodes) rmSync(node.dir, { recursive: true, force: true });
  }

  private async boot(): Promise<void> {
    const count = this.options.masters * (1 + this.options.replicas);
    for (let i = 0; i < count; i++) {
      const node: Node = { port: await freePort(), busPort: await freePort(), dir: mkdtempSync(join(tmpdir(), 'celeriac-cluster-')), child: undefined };
      this.#nodes.push(node);
    }
    await Promise.all(this.#nodes.map((node) => this.spawnNode(node)));
    const addresses = this.#nodes.map((node) => `${this.options.host}:${node.port}`);
    await this.exec(['redis-cli', '--cluster', 'create', ...addresses, '--cluster-replicas', String(this.options.replicas), '--cluster-yes']);
    await this.waitHealthy();
    // Every node must know every slot's owner before clients ask, or the first commands meet CLUSTERDOWN.
    await this.waitAllSlotsKnown();
    // A replica that never synced with its master cannot take over from it (its data has no age to judge).
    if (this.options.replicas > 0) await this.waitReplicasSynced();
  }

  private async waitReplicasSynced(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const infos = await Promise.all(this.#nodes.map((node) => this.cli(node.port, 'info', 'replication')));
      const replicas = infos.filter((info) => info.includes('role:slave'));
      if (replicas.length === this.options.masters * this.options.replicas && replicas.every((info) => info.includes('master_link_status:up'))) return;
      if (Date.now() > deadline) throw new Error(`cluster replicas did not sync with their masters: ${replicas.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private async waitAllSlotsKnown(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const infos = await Promise.all(this.#nodes.map((node) => this.cli(node.port, 'cluster', 'info')));
      if (infos.every((info) => info.includes('cluster_slots_ok:16384') && info.includes(`cluster_known_nodes:${this.#nodes.length}`))) return;
      if (Date.now() > deadline) throw new Error(`cluster nodes did not agree on the slots: ${infos.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private spawnNode(node: Node): Promise<void> {
    const args = [
      '--port', String(node.port),
      '--bind', this.options.host,
      '--cluster-enabled', 'yes',
      '--cluster-port', String(node.busPort),
      '--cluster-config-file', join(node.dir, 'nodes.conf'),
      '--cluster-node-timeout', String(this.options.nodeTimeoutMs),
      '--cluster-announce-ip', this.options.host,
      '--dir', node.dir,
      '--save', '',
      '--appendonly', 'no',
      // Off the loopback device (a namespace's private address) protected mode would refuse every client; the
      // address exists only inside namespaces the test made.
      ...(this.options.host === '127.0.0.1' ? [] : ['--protected-mode', 'no']),
    ];
    const [command, ...rest] = [...this.options.wrap, 'redis-server', ...args];
    const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    node.child = child;
    return new Promise((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`redis-server on port ${node.port} did not start: ${output}`)), 10_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      if (process.env.CELERIAC_CLUSTER_LOG) child.stdout!.on("data", (chunk: Buffer) => process.stderr.write(`[${node.port}] ${chunk.toString()}`));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server on port ${node.port} exited with ${code}: ${output}`));
      });
    });
  }

  private async cli(port: number, ...args: string[]): Promise<string> {
    return this.exec(['redis-cli', '-h', this.options.host, '-p', String(port), ...args]);
  }

  private async exec(argv: readonly string[]): Promise<string> {
    const [command, ...rest] = [...this.options.wrap, ...argv];
    const { stdout } = await run(command!, rest, { timeout: 20_000 });
    return stdout;
  }
}

/**
 * Deletes every key under `prefix` on every master (the store's, `<prefix>:...`, and BullMQ's, under the
 * hash-tagged `{<prefix>:<queue>}:...`), so each test leaves the cluster as it found it.
 */
export async function deleteClusterKeys(cluster: Cluster, prefix: string): Promise<void> {
  await Promise.all(
    cluster.nodes('master').map(async (node: Redis) => {
      for (const pattern of [`${prefix}:*`, `{${prefix}:*`, `{${prefix}}:*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          // One UNLINK per key: a node takes only keys of one slot per command.
          await Promise.all(keys.map((key) => node.unlink(key)));
          cursor = next;
        } while (cursor !== '0');
      }
    }),
  );
}
