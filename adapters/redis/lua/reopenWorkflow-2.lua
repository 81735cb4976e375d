--[[
  Reopens an ended workflow for another run (app.retry): only if its outcome is FAILURE or REVOKED and its
  run is ARGV[1] - 1, so of two retries racing, one reopens it. Forgets the outcome, state and attempt of each
  node to run again, records the parts of the succeeded members of their joins again (first write per index
  wins, as in commitOutcome), clears the workflow's outcome and revoked flag and marks it STARTED in run
  ARGV[1].

  TTLs: the workflow's keys get the TTL of a new workflow again (retention plus grace, as in createWorkflow),
  the parts hashes named here too, so the new run has as long to finish as the first had. A join's parts
  hash is not declared in KEYS (which joins run again is known only from the plan): its name is built from
  the workflow hash's, and shares its hash tag, so it lives in the same cluster slot.

  Input:
    KEYS[1] workflow hash          state, outcome, revoked, run; o:/s:/a:<node id> (see createWorkflow's header)
    KEYS[2] plan string

    ARGV[1] the new run number (2 for the first retry)
    ARGV[2] TTL in seconds, grace included
    ARGV[3] n, how many node ids follow
    ARGV[4 .. 3+n] the nodes to run again
    ARGV[4+n ..] triples: join id, member index, value JSON

  Output:
    1 when this call reopened the workflow, else 0
]]
local wf, plan = KEYS[1], KEYS[2]
local run, ttl, n = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3])

local current = redis.call('HMGET', wf, 'outcome', 'run')
if not current[1] then return 0 end
if (tonumber(current[2]) or 1) ~= run - 1 then return 0 end
local status = string.match(current[1], '^{"status":"(%u+)"')
if status ~= 'FAILURE' and status ~= 'REVOKED' then return 0 end

for i = 4, 3 + n do
  redis.call('HDEL', wf, 'o:' .. ARGV[i], 's:' .. ARGV[i], 'a:' .. ARGV[i])
end

local base = string.sub(wf, 1, -string.len(':meta') - 1)
for i = 4 + n, #ARGV, 3 do
  local parts = base .. ':parts:' .. ARGV[i]
  redis.call('HSETNX', parts, ARGV[i + 1], ARGV[i + 2])
  redis.call('EXPIRE', parts, ttl)
end

redis.call('HDEL', wf, 'outcome', 'revoked')
redis.call('HSET', wf, 'state', 'STARTED', 'run', run)
redis.call('EXPIRE', wf, ttl)
redis.call('EXPIRE', plan, ttl)
return 1
