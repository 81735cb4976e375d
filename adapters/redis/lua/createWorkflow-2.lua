--[[
  Stores a new workflow's plan and creates its hash, marked PENDING, both with a TTL. Idempotent: a second
  call changes nothing.

  Layout: a workflow is two keys (besides `ctx.once` values and join parts): its plan, and one hash holding
  the workflow's own fields (state, outcome, revoked, run, createdAt, name, endedAt) and every node's, by
  prefix: 'o:<node id>' its outcome JSON, 's:<node id>' its state, 'a:<node id>' the highest attempt begun.
  One hash means one key to create, to give a TTL and to refresh; node ids start with the root id 'r', so no
  node field is ever one of the workflow's own.

  TTLs: this is where both keys get their TTL: the retention period plus a grace (ARGV[5]), so a workflow
  that ends within the grace needs no refresh when it ends (finishWorkflow and revokeWorkflow refresh only a
  TTL that has fallen below the retention period). The per-task scripts never refresh it: a key keeps its TTL
  as fields are added. A workflow must therefore end within the TTL of its creation. Invariant kept by every
  script: the hash holds 'state' from creation on; a script that writes into a hash without 'state' (the
  workflow is unknown: never created, or expired) gives it a TTL itself, so no key lives for ever.

  Input:
    KEYS[1] plan string
    KEYS[2] workflow hash

    ARGV[1] plan JSON
    ARGV[2] retention period (TTL) in seconds
    ARGV[3] the plan's createdAt, epoch ms (kept for app.workflows())
    ARGV[4] the workflow's name, '' for none (kept for app.workflows())
    ARGV[5] grace in seconds, added to the TTL here

  Output:
    1 when this call created the workflow, else 0
]]
local plan, wf = KEYS[1], KEYS[2]
local ttl = tonumber(ARGV[2]) + tonumber(ARGV[5])

if not redis.call('SET', plan, ARGV[1], 'NX', 'EX', ttl) then return 0 end
if ARGV[4] ~= '' then
  redis.call('HSET', wf, 'state', 'PENDING', 'createdAt', ARGV[3], 'name', ARGV[4])
else
  redis.call('HSET', wf, 'state', 'PENDING', 'createdAt', ARGV[3])
end
redis.call('EXPIRE', wf, ttl)
return 1
