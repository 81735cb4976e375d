import type { SimulationResult } from './simulation.js';

/** Running totals of what the property runs generated and injected, printed for docs/reliability.md. */
class Totals {
  canvases = 0;
  nodes = 0;
  faults = 0;
  readonly faultsByKind: Record<string, number> = {};
  deliveries = 0;
  handlerRuns = 0;
  hung = 0;
  duplicateCommits = 0;

  record(run: SimulationResult): void {
    this.canvases++;
    this.nodes += Object.keys(run.plan.nodes).length;
    this.faults += Object.values(run.injected).reduce((a, b) => a + b, 0);
    for (const [kind, count] of Object.entries(run.injected)) this.faultsByKind[kind] = (this.faultsByKind[kind] ?? 0) + count;
    this.deliveries += run.deliveries;
    this.handlerRuns += run.handlerRuns;
    if (!run.outcome) this.hung++;
    for (const count of run.freshCommits.values()) if (count > 1) this.duplicateCommits += count - 1;
  }
}

export const totals = new Totals();
