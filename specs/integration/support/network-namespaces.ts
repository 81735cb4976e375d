import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ip = (...args: string[]) => run('ip', args, { timeout: 10_000 });

/**
 * Machines on a private network, made of Linux network namespaces: a hub namespace where the Redis nodes
 * listen on `hubAddress` (on the hub's own loopback device), and one namespace per host, linked to the hub by a
 * veth pair of its own (`10.77.<n>.2` on the host, `10.77.<n>.1` on the hub) with a route to the hub's address.
 * Every address lives inside namespaces made here, so nothing touches the machine's real networks; `destroy`
 * deletes the namespaces, which deletes their veth pairs.
 */
export class NetworkNamespaces {
  readonly hubAddress = '10.77.0.1';
  readonly #created: string[] = [];

  private constructor(
    private readonly id: string,
    readonly hosts: readonly string[],
  ) {}

  get hub(): string {
    return `celeriac-${this.id}-hub`;
  }

  /** The namespace of host `name`. */
  namespaceOf(name: string): string {
    return `celeriac-${this.id}-${name}`;
  }

  /** Prefix a command with this to run it in host `name` (or in the hub). */
  wrap(name: string | 'hub'): string[] {
    return ['ip', 'netns', 'exec', name === 'hub' ? this.hub : this.namespaceOf(name)];
  }

  /**
   * Builds the network, or says why it cannot (no `ip`, no CAP_SYS_ADMIN...): the reason, with nothing left behind.
   */
  static async create(hosts: readonly string[]): Promise<NetworkNamespaces | { unavailable: string }> {
    const net = new NetworkNamespaces(randomBytes(3).toString('hex'), hosts);
    try {
      await net.build();
      return net;
    } catch (error) {
      await net.destroy();
      return { unavailable: error instanceof Error ? error.message : String(error) };
    }
  }

  async destroy(): Promise<void> {
    for (const ns of this.#created.splice(0).reverse()) await ip('netns', 'del', ns).catch(() => undefined);
  }

  private async build(): Promise<void> {
    await this.namespace(this.hub);
    await ip('-n', this.hub, 'addr', 'add', `${this.hubAddress}/32`, 'dev', 'lo');
    for (const [i, name] of this.hosts.entries()) {
      const ns = this.namespaceOf(name);
      await this.namespace(ns);
      // Interface names are at most 15 characters: created in the host namespace, one end then moved to the hub.
      const hubEnd = `c${this.id}h${i}`;
      const hostEnd = `c${this.id}n${i}`;
      await ip('-n', ns, 'link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', hubEnd);
      await ip('-n', ns, 'link', 'set', hubEnd, 'netns', this.hub);
      await ip('-n', ns, 'addr', 'add', `10.77.${i + 1}.2/24`, 'dev', hostEnd);
      await ip('-n', this.hub, 'addr', 'add', `10.77.${i + 1}.1/24`, 'dev', hubEnd);
      await ip('-n', ns, 'link', 'set', hostEnd, 'up');
      await ip('-n', this.hub, 'link', 'set', hubEnd, 'up');
      await ip('-n', ns, 'route', 'add', `${this.hubAddress}/32`, 'via', `10.77.${i + 1}.1`);
    }
  }

  private async namespace(ns: string): Promise<void> {
    await ip('netns', 'add', ns);
    this.#created.push(ns);
    await ip('-n', ns, 'link', 'set', 'lo', 'up');
  }
}
