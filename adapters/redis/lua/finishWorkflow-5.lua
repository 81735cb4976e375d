--[[
  Commits a workflow's own outcome, first write wins, and wakes waiters when this call wrote it. Refreshes
  the TTL of the workflow's keys so its results live a full retention period after it ended.

  TTLs: besides createWorkflow, this and revokeWorkflow are the only scripts that refresh the TTL of a
  workflow's keys (see createWorkflow's header). Join parts hashes are not refreshed: a workflow does not
  know them all, and they are only needed until their join completes, so they expire a TTL after the join's
  first part (see commitOutcome's header). A second call refreshes again, which only lengthens retention.

  Input:
    KEYS[1] workflow meta hash     state, outcome, revoked
    KEYS[2] plan string
    KEYS[3] outcomes hash
    KEYS[4] states hash
    KEYS[5] attempts hash

    ARGV[1] outcome JSON, "status" first
    ARGV[2] TTL in seconds
    ARGV[3] channel to publish on
    ARGV[4] workflow id
    ARGV[5] 'PUBLISH' on one Redis; 'SPUBLISH' on a cluster, where ARGV[3] is the workflow's own channel,
            `<prefix>:finished:{<workflow id>}`, in the slot of KEYS (a script may publish only there)

  Also sets meta's endedAt (epoch ms, Redis's TIME) when this call ended the workflow.

  Output:
    the outcome JSON now stored

  Events:
    PUBLISH (or SPUBLISH) ARGV[3] "<ARGV[4]>\n<ARGV[1]>" when this call wrote the outcome: the workflow id, a newline, the
      outcome JSON. Waiters take the outcome from the message instead of reading it back: it is written once
      and never changes. The outcome JSON holds no newline (JSON.stringify escapes them), so the last newline
      ends the id, whatever the id holds.
]]
local meta = KEYS[1]
local outcome, ttl = ARGV[1], ARGV[2]

local fresh = redis.call('HSETNX', meta, 'outcome', outcome)
local stored = outcome
if fresh == 0 then stored = redis.call('HGET', meta, 'outcome') end
redis.call('HSET', meta, 'state', string.match(stored, '^{"status":"(%u+)"'))
if fresh == 1 then
  -- When it ended, on Redis's clock, for app.workflows().
  local now = redis.call('TIME')
  redis.call('HSET', meta, 'endedAt', now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000)))
end
for _, key in ipairs(KEYS) do redis.call('EXPIRE', key, ttl) end
if fresh == 1 then redis.call(ARGV[5], ARGV[3], ARGV[4] .. '\n' .. outcome) end
return stored
