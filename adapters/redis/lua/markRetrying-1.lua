--[[
  Records that a node will be attempted again: node state RETRY, and the workflow's too unless it has ended.
  A node that already has an outcome (a late duplicate) is left as it is.

  TTLs: none set on the usual path; the hash got its TTL in createWorkflow (see its header). When it has no
  'state', the workflow is unknown (never created, or expired): it then gets a TTL here, so these writes
  expire too.

  Input:
    KEYS[1] workflow hash          state; o:/s:/a:<node id> (see createWorkflow's header)

    ARGV[1] node id
    ARGV[2] the attempt that will run next; the one before it has begun
    ARGV[3] TTL in seconds, used only when the workflow is unknown

  Output:
    1 when marked, 0 when the node already had an outcome
]]
local wf = KEYS[1]
local nodeId, begun, ttl = ARGV[1], tonumber(ARGV[2]) - 1, ARGV[3]
local attemptField = 'a:' .. nodeId

local current = redis.call('HMGET', wf, 'o:' .. nodeId, attemptField, 'state')
if current[1] then return 0 end
local fields = { 's:' .. nodeId, 'RETRY' }
if begun > (tonumber(current[2]) or 0) then
  fields[#fields + 1] = attemptField
  fields[#fields + 1] = begun
end
local workflowState = current[3]
if workflowState ~= 'SUCCESS' and workflowState ~= 'FAILURE' and workflowState ~= 'REVOKED' then
  fields[#fields + 1] = 'state'
  fields[#fields + 1] = 'RETRY'
end
redis.call('HSET', wf, unpack(fields))
if not workflowState then redis.call('EXPIRE', wf, ttl) end
return 1
