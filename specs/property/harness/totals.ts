import type { CheckReport } from '../../../testing/index.js';

/** Running totals of what the property runs generated and injected, printed for docs/reliability.md. */
class Totals {
  canvases = 0;
  nodes = 0;
  faults = 0;
  readonly faultsByKind: Record<string, number> = {};
  deliveries = 0;
  redelivered = 0;
  handlerRuns = 0;
  reruns = 0;

  add(report: CheckReport): void {
    this.canvases += report.runs;
    this.nodes += report.nodes;
    for (const [kind, count] of Object.entries(report.faults)) {
      this.faults += count;
      this.faultsByKind[kind] = (this.faultsByKind[kind] ?? 0) + count;
    }
    this.deliveries += report.deliveries;
    this.redelivered += report.redelivered;
    for (const handler of Object.values(report.handlers)) {
      this.handlerRuns += handler.runs;
      this.reruns += handler.reruns;
    }
  }
}

export const totals = new Totals();
