--[[
  Records that a node will be attempted again: node state RETRY, and the workflow's too unless it has ended.
  A node that already has an outcome (a late duplicate) is left as it is.

  TTLs: none set on the usual path; the hashes got theirs in createWorkflow (see its header). When the
  workflow's meta has no state, the workflow is unknown (never created, or expired): the hashes then get the
  placeholder '~' and a TTL here, so these writes expire too.

  Input:
    KEYS[1] workflow meta hash     state, outcome, revoked
    KEYS[2] outcomes hash          nodeId -> outcome JSON, and '~'
    KEYS[3] states hash            nodeId -> state, and '~'
    KEYS[4] attempts hash          nodeId -> highest attempt begun, and '~'

    ARGV[1] node id
    ARGV[2] the attempt that will run next; the one before it has begun
    ARGV[3] TTL in seconds, used only when the workflow is unknown

  Output:
    1 when marked, 0 when the node already had an outcome
]]
local meta, outcomes, states, attempts = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local nodeId, begun, ttl = ARGV[1], tonumber(ARGV[2]) - 1, ARGV[3]

if redis.call('HEXISTS', outcomes, nodeId) == 1 then return 0 end
redis.call('HSET', states, nodeId, 'RETRY')
if begun > (tonumber(redis.call('HGET', attempts, nodeId)) or 0) then
  redis.call('HSET', attempts, nodeId, begun)
end
local workflowState = redis.call('HGET', meta, 'state')
if workflowState ~= 'SUCCESS' and workflowState ~= 'FAILURE' and workflowState ~= 'REVOKED' then
  redis.call('HSET', meta, 'state', 'RETRY')
end
if not workflowState then
  redis.call('EXPIRE', meta, ttl)
  for i = 2, 4 do
    redis.call('HSET', KEYS[i], '~', '')
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
return 1
