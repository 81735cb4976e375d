import { connector, type Connect } from '../../adapters/redis/connection.js';
import { resolveRedisAdapterOptions } from '../../adapters/redis/options.js';

/** Opens connections to `url` as the Redis adapter does, for tests of one of its parts. */
export function redisConnect(url = 'redis://127.0.0.1:6379'): Connect {
  return connector(resolveRedisAdapterOptions({ redis: url }, 'test').source, 5000);
}
