--[[
  Begins a task attempt: marks the node and its workflow STARTED, unless the message belongs to an older run
  of the workflow (it was retried since: nothing is written), the workflow was revoked (the node is then
  settled REVOKED) or the node already has an outcome (a redelivery, or a cascade settled it).

  TTLs: none set on the usual path; the hash got its TTL in createWorkflow (see its header). When it has no
  'state', the workflow is unknown (never created, or expired): it then gets a TTL here, so these writes
  expire too.

  Input:
    KEYS[1] workflow hash          state, revoked; o:/s:/a:<node id> (see createWorkflow's header)

    ARGV[1] node id
    ARGV[2] attempt number (1 for the first)
    ARGV[3] TTL in seconds, used only when the workflow is unknown
    ARGV[4] the run the message belongs to (1 before any app.retry)

  Output:
    { 'run' }
    { 'settled', outcome JSON }
    { 'revoked' }
    { 'stale', the workflow's run }
]]
local wf = KEYS[1]
local nodeId, attempt, ttl = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local outcomeField, stateField, attemptField = 'o:' .. nodeId, 's:' .. nodeId, 'a:' .. nodeId

local current = redis.call('HMGET', wf, 'revoked', 'state', outcomeField, attemptField, 'run')
local run = tonumber(current[5]) or 1
if run > tonumber(ARGV[4]) then return { 'stale', run } end
if current[1] == '1' then
  local stored = current[3]
  if not stored then
    stored = '{"status":"REVOKED","reason":"workflow revoked","cascaded":true}'
    redis.call('HSET', wf, outcomeField, stored)
  end
  redis.call('HSET', wf, stateField, string.match(stored, '^{"status":"(%u+)"'))
  return { 'revoked' }
end
if current[3] then return { 'settled', current[3] } end

local workflowState = current[2]
local fields = { stateField, 'STARTED' }
if attempt > (tonumber(current[4]) or 0) then
  fields[#fields + 1] = attemptField
  fields[#fields + 1] = attempt
end
if workflowState ~= 'STARTED' and workflowState ~= 'SUCCESS' and workflowState ~= 'FAILURE' and workflowState ~= 'REVOKED' then
  fields[#fields + 1] = 'state'
  fields[#fields + 1] = 'STARTED'
end
redis.call('HSET', wf, unpack(fields))
if not workflowState then redis.call('EXPIRE', wf, ttl) end
return { 'run' }
