--[[
  Begins a task attempt: marks the node and its workflow STARTED, unless the workflow was revoked (the node
  is then settled REVOKED) or the node already has an outcome (a redelivery, or a cascade settled it).

  Input:
    KEYS[1] workflow meta hash     state, outcome, revoked
    KEYS[2] outcomes hash          nodeId -> outcome JSON
    KEYS[3] states hash            nodeId -> state
    KEYS[4] attempts hash          nodeId -> highest attempt begun
    KEYS[5] plan string            only its TTL is refreshed, so a long workflow keeps its plan

    ARGV[1] node id
    ARGV[2] attempt number (1 for the first)
    ARGV[3] TTL in seconds of every key written

  Output:
    { 'run' }
    { 'settled', outcome JSON }
    { 'revoked' }
]]
local meta, outcomes, states, attempts, plan = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local nodeId, attempt, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]

local flags = redis.call('HMGET', meta, 'revoked', 'state')
if flags[1] == '1' then
  redis.call('HSETNX', outcomes, nodeId, '{"status":"REVOKED","reason":"workflow revoked","cascaded":true}')
  local stored = redis.call('HGET', outcomes, nodeId)
  redis.call('HSET', states, nodeId, string.match(stored, '^{"status":"(%u+)"'))
  redis.call('EXPIRE', outcomes, ttl)
  redis.call('EXPIRE', states, ttl)
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
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ttl) end
return { 'run' }
