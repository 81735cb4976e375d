// tsc copies no non-TS files: the Lua scripts and SQL migrations are read at run time next to the compiled code.
import { cpSync } from 'node:fs';
cpSync('adapters/redis/lua', 'dist/adapters/redis/lua', { recursive: true });
cpSync('adapters/postgres/migrations', 'dist/adapters/postgres/migrations', { recursive: true });
