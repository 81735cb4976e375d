--[[
  Reopens an ended workflow for another run (app.retry): only if its outcome is FAILURE or REVOKED and its
  run is ARGV[1] - 1, so of two retries racing, one reopens it. Forgets the outcome, state and attempt of each
  node to run again, records the parts of the succeeded members of their joins again (first write per index
  wins, as in commitOutcome), clears the workflow's outcome and revoked flag and marks it STARTED in run
  ARGV[1].

  TTLs: every key of the workflow gets a full TTL again, the parts hashes named here too, so the new run has
  as long to finish as the first had. A join's parts hash is not declared in KEYS (which joins run again is
  known only from the plan): its name is built from the meta key's, and shares its hash tag, so it lives in
  the same cluster slot.

  Input:
    KEYS[1] workflow meta hash     state, outcome, revoked, run
    KEYS[2] outcomes hash
    KEYS[3] states hash
    KEYS[4] attempts hash
    KEYS[5] plan string

    ARGV[1] the new run number (2 for the first retry)
    ARGV[2] TTL in seconds
    ARGV[3] n, how many node ids follow
    ARGV[4 .. 3+n] the nodes to run again
    ARGV[4+n ..] triples: join id, member index, value JSON

  Output:
    1 when this call reopened the workflow, else 0
]]
local meta, outcomes, states, attempts, plan = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local run, ttl, n = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])

local current = redis.call('HMGET', meta, 'outcome', 'run')
if not current[1] then return 0 end
if (tonumber(current[2]) or 1) ~= run - 1 then return 0 end
local status = string.match(current[1], '^{"status":"(%u+)"')
if status ~= 'FAILURE' and status ~= 'REVOKED' then return 0 end

for i = 4, 3 + n do
  redis.call('HDEL', outcomes, ARGV[i])
  redis.call('HDEL', states, ARGV[i])
  redis.call('HDEL', attempts, ARGV[i])
end

local base = string.sub(meta, 1, -string.len(':meta') - 1)
for i = 4 + n, #ARGV, 3 do
  local parts = base .. ':parts:' .. ARGV[i]
  redis.call('HSETNX', parts, ARGV[i + 1], ARGV[i + 2])
  redis.call('EXPIRE', parts, ttl)
end

redis.call('HDEL', meta, 'outcome', 'revoked')
redis.call('HSET', meta, 'state', 'STARTED', 'run', run)
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ttl) end
return 1
