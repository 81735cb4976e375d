// tsc copies no non-TS files: the Lua scripts are read at run time next to the compiled store.
import { cpSync } from 'node:fs';
cpSync('adapters/redis/lua', 'dist/adapters/redis/lua', { recursive: true });
