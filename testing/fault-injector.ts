import { familyOf, faultKinds, type FaultKind, type FaultSchedule, type InjectedFault, type SiteFamily } from './fault-kinds.js';

/** Thrown where a simulated worker dies: the broker sees a failed delivery and hands the job out again. */
export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated crash ${where}`);
    this.name = 'SimulatedCrash';
  }
}

/**
 * Places a run's faults: each family of places (attempts beginning, commits, advancing calls, deliveries) is
 * counted as the run meets them, and a fault at `at` lands on place `floor(at * places)` of its family, where
 * `places` is how many the plan foresees. A fault marked `redelivered` is counted among the places met in
 * redelivered deliveries only, on the same scale: places that exist only because an earlier fault made a job
 * come again. Only while enabled: the apply of the workflow is never faulted.
 */
export class FaultInjector {
  enabled = false;
  readonly injected: InjectedFault[] = [];
  readonly #byPlace = new Map<string, FaultKind[]>();
  readonly #seen: Record<SiteFamily, number> = { begin: 0, commit: 0, once: 0, advance: 0, delivery: 0 };
  readonly #seenAgain: Record<SiteFamily, number> = { begin: 0, commit: 0, once: 0, advance: 0, delivery: 0 };

  /** Places the schedule, given how many places of each family the plan foresees, and enables it. */
  arm(schedule: FaultSchedule, places: Readonly<Record<SiteFamily, number>>): void {
    this.enabled = true;
    for (const fault of schedule) {
      const family = familyOf[fault.kind];
      const index = Math.min(places[family] - 1, Math.floor(Math.max(0, fault.at) * places[family]));
      const key = `${family}#${fault.redelivered ? 'again:' : ''}${index}`;
      this.#byPlace.set(key, [...(this.#byPlace.get(key) ?? []), fault.kind]);
    }
  }

  /**
   * The scheduled faults of the given kinds at the next place of `family` (none while disabled). `redelivered`:
   * the place is in a redelivered delivery, so it is also the next of the redelivered places. `counted: false`:
   * a place only redeliveries have (a second copy's delivery), not among the places the plan foresees.
   */
  next<K extends FaultKind>(family: SiteFamily, kinds: readonly K[], redelivered = false, counted = true): ReadonlySet<K> {
    if (!this.enabled) return new Set();
    const here = counted ? (this.#byPlace.get(`${family}#${this.#seen[family]++}`) ?? []) : [];
    const again = redelivered ? (this.#byPlace.get(`${family}#again:${this.#seenAgain[family]++}`) ?? []) : [];
    return new Set([...here, ...again].filter((kind): kind is K => (kinds as readonly FaultKind[]).includes(kind)));
  }

  /** Notes a fault as it happens, in words: the run's record and the counterexample's text. */
  record(kind: FaultKind, where: string, redelivered = false): void {
    this.injected.push(redelivered ? { kind, where: `${where}, in a redelivery`, redelivered: true } : { kind, where });
  }

  /** How many faults of each kind were injected. */
  counts(): Record<FaultKind, number> {
    const counts = Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>;
    for (const fault of this.injected) counts[fault.kind]++;
    return counts;
  }
}
