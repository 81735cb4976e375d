import { Redis, type RedisOptions } from 'ioredis';

/** Opens a new connection to the adapter's Redis; `overrides` win over the configured options. */
export type Connect = (overrides?: RedisOptions) => Redis;

export function connector(url: string, options: RedisOptions): Connect {
  return (overrides) => new Redis(url, { ...options, ...overrides });
}
