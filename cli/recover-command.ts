import { loadApp } from './load-app.js';

/** `celeriac recover`: re-drive every unfinished workflow from the durable store after the broker lost its data. */
export async function recoverCommand(options: { app: string; limit?: string }): Promise<number> {
  const app = await loadApp(options.app);
  try {
    const limit = options.limit === undefined ? undefined : Number(options.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new Error(`--limit: expected a whole number from 1 and up, got '${options.limit}'`);
    const { workflows } = await app.recover(limit === undefined ? {} : { limit });
    console.log(`celeriac recover: re-drove ${workflows} unfinished workflow${workflows === 1 ? '' : 's'}`);
    return 0;
  } finally {
    await app.close();
  }
}
