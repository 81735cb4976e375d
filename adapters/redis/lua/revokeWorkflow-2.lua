--[[
  Revokes a workflow: tasks not yet started will not start (beginAttempt reads the flag), and the workflow
  ends REVOKED unless it already ended. Makes sure its keys live at least a full retention period after it
  ended, as finishWorkflow does (see its header).

  Input:
    KEYS[1] workflow hash          state, outcome, revoked, endedAt (see createWorkflow's header)
    KEYS[2] plan string            its absence means the workflow is unknown

    ARGV[1] TTL in seconds
    ARGV[2] channel to publish on
    ARGV[3] workflow id
    ARGV[4] 'PUBLISH' or 'SPUBLISH', as finishWorkflow's ARGV[5]

  Also sets endedAt (epoch ms, Redis's TIME) when this call ended the workflow.

  Output:
    { the workflow's outcome JSON now stored, 1 if this call ended the workflow else 0 }, or nil when the
    workflow is unknown

  Events:
    PUBLISH (or SPUBLISH) ARGV[2] "<ARGV[3]>\n<outcome JSON>" when this call ended the workflow (the message of
      finishWorkflow, see its header)
]]
--- @include "recordEnd"

local wf, plan = KEYS[1], KEYS[2]
local ttl = tonumber(ARGV[1])

if redis.call('EXISTS', plan) == 0 then return false end
redis.call('HSET', wf, 'revoked', '1')
local fresh = redis.call('HSETNX', wf, 'outcome', '{"status":"REVOKED","reason":"revoked"}')
local stored = redis.call('HGET', wf, 'outcome')
recordEnd(wf, plan, stored, fresh == 1, ttl, ARGV[4], ARGV[2], ARGV[3])
return { stored, fresh }
