import type { WorkerRecord, WorkerRegistry } from '../../engine/ports/worker-registry.js';

/** Workers' heartbeats in process memory: the workers of this process only. */
export class MemoryWorkerRegistry implements WorkerRegistry {
  readonly #records = new Map<string, { record: string; expiresAt: number }>();

  async beat(record: WorkerRecord, ttlMs: number): Promise<void> {
    this.#records.set(record.id, { record: JSON.stringify(record), expiresAt: record.lastHeartbeatAt + ttlMs });
  }

  async remove(workerId: string): Promise<void> {
    this.#records.delete(workerId);
  }

  async list(now: number): Promise<WorkerRecord[]> {
    const live: WorkerRecord[] = [];
    for (const [id, { record, expiresAt }] of this.#records) {
      if (expiresAt <= now) this.#records.delete(id);
      else live.push(JSON.parse(record) as WorkerRecord);
    }
    return live.sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {}
}
