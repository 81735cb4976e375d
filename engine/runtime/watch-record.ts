import { CeleriacError } from '../../canvas/errors.js';
import type { Clock } from '../ports/clock.js';
import type { ResultStore } from '../ports/result-store.js';

export interface RecordWatch {
  /** Rejects with a `NOT_FOUND` CeleriacError once the workflow's record is known to be missing. */
  readonly lost: Promise<never>;
  stop(): void;
}

/**
 * Watches that a workflow's record exists while someone waits for its outcome, so that `get()` on a workflow
 * that was never created, whose results expired or whose store lost its data rejects clearly instead of
 * waiting out its timeout (or for ever). A record found missing is looked for once more `graceMs` later
 * before the wait is given up: another process may still be storing the apply whose id it was given. Store
 * errors are left to the wait itself, which reports them. `stored`: the caller stored the workflow itself (a
 * handle from apply), so the first look waits `everyMs` instead of being made at once: most waits end before
 * then and cost no read for this.
 */
export function watchRecord(store: ResultStore, workflowId: string, clock: Clock, graceMs: number, everyMs: number, stored = false): RecordWatch {
  let cancel = () => {};
  let stopped = false;
  let seen = stored;
  let missedOnce = false;
  let fail: (error: Error) => void = () => {};
  const lost = new Promise<never>((_, reject) => (fail = reject));
  lost.catch(() => undefined);
  const check = () => {
    if (stopped) return;
    store.readWorkflow(workflowId).then(
      (record) => {
        if (stopped) return;
        if (record) {
          seen = true;
          missedOnce = false;
          return schedule(everyMs);
        }
        if (!missedOnce) {
          missedOnce = true;
          return schedule(graceMs);
        }
        fail(
          new CeleriacError(
            'NOT_FOUND',
            seen
              ? `Workflow ${workflowId} disappeared from the store while waiting for it: its results expired (\`resultTtlSeconds\`) or the store lost its data (with a durable store, \`celeriac recover\` re-drives it)`
              : `No workflow ${workflowId} in the store: it was never created (check the id), or its results expired (\`resultTtlSeconds\`) or were lost`,
          ),
        );
      },
      () => schedule(everyMs),
    );
  };
  const schedule = (ms: number) => {
    if (!stopped) cancel = clock.setTimer(ms, check);
  };
  if (stored) schedule(everyMs);
  else check();
  return {
    lost,
    stop() {
      stopped = true;
      cancel();
    },
  };
}
