--[[
  Begins a task attempt: marks the node and its workflow STARTED, unless the workflow was revoked (the node
  is then settled REVOKED) or the node already has an outcome (a redelivery, or a cascade settled it).

  TTLs: none set on the usual path; the hashes got theirs in createWorkflow (see its header). When the
  workflow's meta has no state, the workflow is unknown (never created, or expired): the hashes then get the
  placeholder '~' and a TTL here, so these writes expire too.

  Input:
    KEYS[1] workflow meta hash     state, outcome, revoked
    KEYS[2] outcomes hash          nodeId -> outcome JSON, and '~'
    KEYS[3] states hash            nodeId -> state, and '~'
    KEYS[4] attempts hash          nodeId -> highest attempt begun, and '~'

    ARGV[1] node id
    ARGV[2] attempt number (1 for the first)
    ARGV[3] TTL in seconds, used only when the workflow is unknown

  Output:
    { 'run' }
    { 'settled', outcome JSON }
    { 'revoked' }
]]
local meta, outcomes, states, attempts = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local nodeId, attempt, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]

local flags = redis.call('HMGET', meta, 'revoked', 'state')
if flags[1] == '1' then
  redis.call('HSETNX', outcomes, nodeId, '{"status":"REVOKED","reason":"workflow revoked","cascaded":true}')
  local stored = redis.call('HGET', outcomes, nodeId)
  redis.call('HSET', states, nodeId, string.match(stored, '^{"status":"(%u+)"'))
  return { 'revoked' }
end

local stored = redis.call('HGET', outcomes, nodeId)
if stored then return { 'settled', stored } end

redis.call('HSET', states, nodeId, 'STARTED')
if attempt > (tonumber(redis.call('HGET', attempts, nodeId)) or 0) then
  redis.call('HSET', attempts, nodeId, attempt)
end
local workflowState = flags[2]
if workflowState ~= 'STARTED' and workflowState ~= 'SUCCESS' and workflowState ~= 'FAILURE' and workflowState ~= 'REVOKED' then
  redis.call('HSET', meta, 'state', 'STARTED')
end
if not workflowState then
  redis.call('EXPIRE', meta, ttl)
  for i = 2, 4 do
    redis.call('HSET', KEYS[i], '~', '')
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
return { 'run' }
