--[[
  Revokes a workflow: tasks not yet started will not start (beginAttempt reads the flag), and the workflow
  ends REVOKED unless it already ended. Refreshes the TTL of the workflow's keys so its results live a full
  retention period after it ended.

  TTLs: as in finishWorkflow (see its header): every key but the join parts hashes, which expire a TTL after
  their join's first part.

  Input:
    KEYS[1] workflow meta hash     state, outcome, revoked
    KEYS[2] plan string            its absence means the workflow is unknown
    KEYS[3] outcomes hash
    KEYS[4] states hash
    KEYS[5] attempts hash

    ARGV[1] TTL in seconds
    ARGV[2] channel to publish on
    ARGV[3] workflow id
    ARGV[4] 'PUBLISH' or 'SPUBLISH', as finishWorkflow's ARGV[5]

  Also sets meta's endedAt (epoch ms, Redis's TIME) when this call ended the workflow.

  Output:
    { the workflow's outcome JSON now stored, 1 if this call ended the workflow else 0 }, or nil when the
    workflow is unknown

  Events:
    PUBLISH (or SPUBLISH) ARGV[2] "<ARGV[3]>\n<outcome JSON>" when this call ended the workflow (the message of
      finishWorkflow, see its header)
]]
local meta, plan = KEYS[1], KEYS[2]
local ttl = ARGV[1]

if redis.call('EXISTS', plan) == 0 then return false end
redis.call('HSET', meta, 'revoked', '1')
local fresh = redis.call('HSETNX', meta, 'outcome', '{"status":"REVOKED","reason":"revoked"}')
local stored = redis.call('HGET', meta, 'outcome')
redis.call('HSET', meta, 'state', string.match(stored, '^{"status":"(%u+)"'))
if fresh == 1 then
  -- When it ended, on Redis's clock, for app.workflows().
  local now = redis.call('TIME')
  redis.call('HSET', meta, 'endedAt', now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000)))
end
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ttl) end
if fresh == 1 then redis.call(ARGV[4], ARGV[2], ARGV[3] .. '\n' .. stored) end
return { stored, fresh }
