import { CeleriacError } from '../canvas/errors.js';
import type { DashboardHandle, DashboardOptions } from './dashboard-options.js';

/** Serves the dashboard of an app; given by the composition root, since the dashboard sits above the engine. */
export type DashboardServer<A> = (app: A, options: DashboardOptions) => Promise<DashboardHandle>;

/** The dashboards an app started, so that closing the app closes them. */
export class Dashboards<A> {
  readonly #open = new Set<DashboardHandle>();

  constructor(private readonly serve: DashboardServer<A> | undefined) {}

  async start(app: A, options: DashboardOptions): Promise<DashboardHandle> {
    if (!this.serve) throw new CeleriacError('VALIDATION', 'This app has no dashboard: build it with createApp() from the celeriac package');
    const handle = await this.serve(app, options);
    this.#open.add(handle);
    return {
      url: handle.url,
      close: () => {
        this.#open.delete(handle);
        return handle.close();
      },
    };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open].map((d) => d.close()));
    this.#open.clear();
  }
}
