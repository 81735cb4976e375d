--[[
  Stores a new workflow's plan, marks it PENDING, and creates every hash of the workflow with its TTL.
  Idempotent: a second call changes nothing.

  TTLs: this is where a workflow's keys get their TTL; the scripts that run per task (beginAttempt,
  commitOutcome, settleMany, markRetrying) write into these hashes without refreshing it, since a key keeps
  its TTL when fields are added. finishWorkflow and revokeWorkflow set it again, so results live a full TTL
  after the end. A workflow must therefore end within the TTL of its creation. A join's parts hash is created
  later (commitOutcome gives it its TTL with its first part).

  The outcomes, states and attempts hashes would be empty here, and Redis drops an empty hash (and its TTL),
  so each gets the placeholder field '~' (value ''), which is never a node id (node ids start with the root
  id 'r'). Readers only read single fields by node id, so none returns or counts it. Invariant kept by every
  script: a hash holding '~' has a TTL; a script that writes into one of these hashes and finds it without '~'
  (the workflow is unknown: never created, or expired) adds '~' and the TTL itself, so no key lives for ever.

  Input:
    KEYS[1] plan string
    KEYS[2] workflow meta hash     state, outcome, revoked, createdAt, name, endedAt
    KEYS[3] outcomes hash          nodeId -> outcome JSON, and '~'
    KEYS[4] states hash            nodeId -> state, and '~'
    KEYS[5] attempts hash          nodeId -> highest attempt begun, and '~'

    ARGV[1] plan JSON
    ARGV[2] TTL in seconds
    ARGV[3] the plan's createdAt, epoch ms (kept in meta for app.workflows())
    ARGV[4] the workflow's name, '' for none (kept in meta for app.workflows())

  Output:
    1 when this call created the workflow, else 0
]]
local plan, meta = KEYS[1], KEYS[2]
local ttl = ARGV[2]

if not redis.call('SET', plan, ARGV[1], 'NX', 'EX', ttl) then return 0 end
redis.call('HSETNX', meta, 'state', 'PENDING')
if ARGV[3] then redis.call('HSET', meta, 'createdAt', ARGV[3]) end
if ARGV[4] and ARGV[4] ~= '' then redis.call('HSET', meta, 'name', ARGV[4]) end
redis.call('EXPIRE', meta, ttl)
for i = 3, 5 do
  redis.call('HSET', KEYS[i], '~', '')
  redis.call('EXPIRE', KEYS[i], ttl)
end
return 1
