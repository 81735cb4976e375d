import { describe, expect, it } from 'vitest';
import { clusterFromEnv, queuePrefix, resolveRedisAdapterOptions } from '../../adapters/redis/options.js';
import { selectAdapters } from '../../adapters/select/select-adapters.js';
import { silentLogger, systemClock } from '../../engine/ports/index.js';

describe('Redis Cluster options', () => {
  it('reads REDIS_CLUSTER as host:port entries, and it wins over REDIS_URL', () => {
    expect(clusterFromEnv('10.0.0.1:7000, 10.0.0.2:7001')).toEqual({ cluster: [{ host: '10.0.0.1', port: 7000 }, { host: '10.0.0.2', port: 7001 }] });
    const resolved = resolveRedisAdapterOptions({}, 'createApp', { REDIS_CLUSTER: '127.0.0.1:7000', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(resolved.source).toMatchObject({ cluster: true, name: 'Redis Cluster via 127.0.0.1:7000' });
    expect(resolveRedisAdapterOptions({}, 'createApp', { REDIS_URL: 'redis://127.0.0.1:6379' }).source.cluster).toBe(false);
  });

  it('says what is wrong with a REDIS_CLUSTER entry', () => {
    expect(() => clusterFromEnv('127.0.0.1:7000,nohost')).toThrow(/Expected REDIS_CLUSTER to be `host:port` entries separated by commas, got `nohost`/);
  });

  it('refuses a malformed cluster option with the fix in the message', () => {
    const resolve = (redis: unknown) => () => resolveRedisAdapterOptions({ redis: redis as never }, 'createApp', {});
    expect(resolve({ cluster: [] })).toThrow(/^Invalid createApp option `redis`: Expected `redis.cluster` to be a non-empty list of nodes/);
    expect(resolve({ cluster: [{ port: 7000 }], redisOptions: {} })).toThrow(/got also `redisOptions`.*put ioredis Cluster options under `options`/);
    expect(resolve({ cluster: [{ port: 7000 }], options: { redisOptions: { keyPrefix: 'x:' } } })).toThrow(/keyPrefix.*use `prefix`/);
  });

  it('picks the Redis driver when REDIS_CLUSTER is set', async () => {
    const selected = selectAdapters({}, { clock: systemClock, logger: silentLogger }, { REDIS_CLUSTER: '127.0.0.1:7000' });
    expect(selected.driver).toBe('redis');
    await selected.close();
  });

  it('gives each queue its own hash tag on a cluster, and keeps the prefix on one Redis or when it has a tag', () => {
    expect(queuePrefix('celeriac', 'default', true)).toBe('{celeriac:default}');
    expect(queuePrefix('celeriac', 'default', false)).toBe('celeriac');
    expect(queuePrefix('{app}', 'default', true)).toBe('{app}');
  });
});
