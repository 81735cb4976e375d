import { readdirSync, readFileSync } from 'node:fs';
import type { RedisClient } from './options.js';

const scriptNames = [
  'acquireRateSlot',
  'beginAttempt',
  'commitOutcome',
  'createWorkflow',
  'finishWorkflow',
  'markRetrying',
  'reopenWorkflow',
  'recordOnce',
  'revokeWorkflow',
  'settleMany',
] as const;

export type ScriptName = (typeof scriptNames)[number];
export type ScriptArg = string | number | Buffer;
/** Runs one of our Lua scripts by EVALSHA; ioredis sends the source once if Redis does not have it cached. */
export type RunScript = (keys: readonly string[], args: readonly ScriptArg[]) => Promise<unknown>;

interface ScriptSource {
  readonly lua: string;
  readonly numberOfKeys: number;
}

const luaDir = new URL('./lua/', import.meta.url);
let sources: ReadonlyMap<ScriptName, ScriptSource> | undefined;

/**
 * Reads `lua/<name>-<numberOfKeys>.lua` once per process (BullMQ's naming: the file says how many KEYS it
 * takes), with each line `--- @include "<part>"` replaced by `lua/includes/<part>.lua`, as BullMQ's scripts
 * share their parts: one copy of what several scripts do.
 */
function loadSources(): ReadonlyMap<ScriptName, ScriptSource> {
  if (sources) return sources;
  const files = readdirSync(luaDir);
  const loaded = new Map<ScriptName, ScriptSource>();
  for (const name of scriptNames) {
    const file = files.find((f) => new RegExp(`^${name}-\\d+\\.lua$`).test(f));
    if (!file) throw new Error(`The Lua script ${name}-<numberOfKeys>.lua is missing from ${luaDir.pathname}`);
    const lua = readFileSync(new URL(file, luaDir), 'utf8').replace(/^--- @include "([\w-]+)"$/gm, (_, part: string) => readFileSync(new URL(`includes/${part}.lua`, luaDir), 'utf8'));
    loaded.set(name, { lua, numberOfKeys: Number(file.slice(name.length + 1, -4)) });
  }
  sources = loaded;
  return loaded;
}

/** Registers every script on `redis` (ioredis `defineCommand`) and returns a function per script. */
export function defineScripts(redis: RedisClient): Readonly<Record<ScriptName, RunScript>> {
  const defined: Partial<Record<ScriptName, RunScript>> = {};
  for (const [name, source] of loadSources()) {
    const command = `celeriac_${name}`;
    redis.defineCommand(command, source);
    const send = Reflect.get(redis, command) as (...args: ScriptArg[]) => Promise<unknown>;
    defined[name] = (keys, args) => {
      if (keys.length !== source.numberOfKeys) {
        return Promise.reject(new Error(`Script ${name} takes ${source.numberOfKeys} keys, got ${keys.length}`));
      }
      return send.call(redis, ...keys, ...args);
    };
  }
  return defined as Record<ScriptName, RunScript>;
}
