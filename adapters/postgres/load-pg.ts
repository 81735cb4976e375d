import type { Client, Pool } from 'pg';

/** The parts of pg the store uses. */
export interface PgModule {
  readonly Pool: typeof Pool;
  readonly Client: typeof Client;
}

let loading: Promise<PgModule> | undefined;

/**
 * The `pg` module, imported on first use: it is an optional peer dependency, so an app that never uses
 * `store: 'postgres'` neither needs it installed nor pays for loading it.
 */
export function loadPg(): Promise<PgModule> {
  loading ??= import('pg').then(
    ({ default: pg }) => ({ Pool: pg.Pool, Client: pg.Client }),
    (error: unknown) => {
      loading = undefined;
      const code = (error as { code?: string }).code;
      if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
      throw new Error("store: 'postgres' needs the pg package, which is not installed: run `npm install pg`", { cause: error });
    },
  );
  return loading;
}
