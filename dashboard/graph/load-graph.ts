import type { DashboardSource, WorkflowSnapshot } from '../source.js';
import type { WorkflowGraph } from '../wire.js';
import { buildGraph } from './build-graph.js';

/** Replacements nest (a replaced task's canvas may replace its own tasks): deeper ones are not drawn. */
const MAX_DEPTH = 4;
const ENDED = new Set(['SUCCESS', 'FAILURE', 'REVOKED']);

/**
 * Reads a workflow's graph through the source, with the canvases that replaced its tasks. A task that ended
 * without a replacement never gets one, so it is asked about once per loader; a running one is asked again
 * (its replacement may be starting).
 */
export class GraphLoader {
  readonly #source: DashboardSource;
  /** `<workflow id>~<task id>` of ended tasks known not to be replaced. Bounded: cleared when it grows past 100,000. */
  readonly #plain = new Set<string>();

  constructor(source: DashboardSource) {
    this.#source = source;
  }

  async load(id: string): Promise<WorkflowGraph | undefined> {
    const root = await this.#source.snapshot(id);
    if (!root) return undefined;
    const found = new Map<string, WorkflowSnapshot>();
    await this.#probe(id, root, '', 0, found);
    if (this.#plain.size > 100_000) this.#plain.clear();
    return buildGraph(root, (taskId) => found.get(taskId));
  }

  async #probe(rootId: string, snapshot: WorkflowSnapshot, prefix: string, depth: number, found: Map<string, WorkflowSnapshot>): Promise<void> {
    if (depth >= MAX_DEPTH) return;
    const candidates = snapshot.nodes.filter((n) => n.kind === 'task' && n.attempt > 0 && !this.#plain.has(`${rootId}~${prefix}${n.id}`));
    await Promise.all(
      candidates.map(async (node) => {
        const taskId = `${prefix}${node.id}`;
        const child = await this.#source.snapshot(`${rootId}~${taskId}`);
        if (!child) {
          if (ENDED.has(node.state)) this.#plain.add(`${rootId}~${taskId}`);
          return;
        }
        found.set(taskId, child);
        await this.#probe(rootId, child, `${taskId}~`, depth + 1, found);
      }),
    );
  }
}
