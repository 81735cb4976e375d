import type { FaultKind } from '../arbitraries/workflow.js';

/** Thrown where a simulated worker dies: the broker sees a failed delivery and hands the job out again. */
export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated crash ${where}`);
    this.name = 'SimulatedCrash';
  }
}

/** Hands out the fault schedule, one decision per point, only while enabled (never during apply). */
export class FaultInjector {
  #cursor = 0;
  enabled = false;
  readonly injected: Record<FaultKind, number> = { 'crash-before': 0, 'crash-after': 0, redeliver: 0, duplicate: 0, delay: 0 };

  constructor(private readonly schedule: ReadonlyArray<FaultKind | 'none'>) {}

  #carried: FaultKind[] = [];

  /**
   * The fault at this decision point, if it is one of `kinds`. A scheduled fault that cannot happen here
   * (a duplicate delivery at a store call) is carried to the next point where it can.
   */
  next<K extends FaultKind>(kinds: readonly K[]): K | 'none' {
    if (!this.enabled) return 'none';
    const scheduled = this.schedule[this.#cursor++] ?? 'none';
    if (scheduled !== 'none') this.#carried.push(scheduled);
    const at = this.#carried.findIndex((fault) => (kinds as readonly string[]).includes(fault));
    if (at < 0) return 'none';
    const fault = this.#carried.splice(at, 1)[0] as K;
    this.injected[fault]++;
    return fault;
  }
}
