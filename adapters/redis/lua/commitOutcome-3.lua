--[[
  Commits a node's outcome, first write wins, and when the stored outcome is a SUCCESS of a join member,
  records its value as the join's part at the member's index, first write per index wins. A join completes
  when every distinct index is in, never by counting deliveries, so a redelivered member cannot complete it twice.
  For the root (ARGV[6] set), it also ends the workflow in the same write, as finishWorkflow does: with ARGV[6]
  if this call wrote the root's outcome, with the stored one if that was not a cascade (a cascaded root is
  ended by whoever cascaded it), so a single task costs one script to begin and one to end.

  TTLs: the workflow hash got its TTL in createWorkflow (see its header) and keeps it; ending the workflow
  refreshes it as finishWorkflow does. A join's parts hash gets its TTL once, with its first part (this call
  added a part and the hash now holds one), and is not refreshed later, by this script or when the workflow
  ends: parts are only needed until the join completes, which is within the workflow's run, so they expire a
  TTL after the join's first part. When the node had no state yet (a group, chain or chord node, or a task
  that never began) and the hash has no 'state', the workflow is unknown (never created, or expired): the
  hash then gets a TTL here.

  Input:
    KEYS[1] workflow hash          state, outcome; o:/s:<node id> (see createWorkflow's header)
    KEYS[2] the join's parts hash  index -> value JSON (untouched when ARGV[4] is '')
    KEYS[3] plan string            its TTL is refreshed with the hash's when this call ends the workflow

    ARGV[1] node id
    ARGV[2] outcome JSON, "status" first and, for a SUCCESS, "value" last (see outcome-codec.ts)
    ARGV[3] TTL in seconds, for a new parts hash, when the workflow is unknown, and when it ends
    ARGV[4] the member's index in the join, or '' when the node is no join member
    ARGV[5] the join's size
    ARGV[6] the workflow's outcome JSON when the node is the root and the workflow ends with it, else ''
    ARGV[7], ARGV[8], ARGV[9] as finishWorkflow's ARGV[3], ARGV[4], ARGV[5]: where to announce the end

  Output:
    { fresh, stored, ended }        fresh: 1 if this call wrote the outcome, else 0; stored: the outcome JSON
                                    now stored; ended: the workflow's outcome JSON now stored if this call
                                    ended it or found it ended (ARGV[6] set), else false
    { fresh, stored, ended, part0, ... }   when the join is complete: its parts' value JSON in index order

  Events:
    as finishWorkflow's, when this call wrote the workflow's outcome
]]
--- @include "recordEnd"

local wf, parts, plan = KEYS[1], KEYS[2], KEYS[3]
local nodeId, ttl, index = ARGV[1], ARGV[3], ARGV[4]
local outcomeField = 'o:' .. nodeId

local fresh = redis.call('HSETNX', wf, outcomeField, ARGV[2])
local stored = ARGV[2]
if fresh == 0 then stored = redis.call('HGET', wf, outcomeField) end
local status = string.match(stored, '^{"status":"(%u+)"')
if redis.call('HSET', wf, 's:' .. nodeId, status) == 1 and redis.call('HEXISTS', wf, 'state') == 0 then
  redis.call('EXPIRE', wf, ttl)
end

local ended = false
if ARGV[6] ~= '' and (fresh == 1 or not string.match(stored, '^{"status":"%u+","cascaded":true')) then
  local outcome = ARGV[6]
  if fresh == 0 then outcome = stored end
  local endedNow = redis.call('HSETNX', wf, 'outcome', outcome)
  ended = outcome
  if endedNow == 0 then ended = redis.call('HGET', wf, 'outcome') end
  recordEnd(wf, plan, ended, endedNow == 1, tonumber(ttl), ARGV[9], ARGV[7], ARGV[8])
end

local result = { fresh, stored, ended }
if index == '' or status ~= 'SUCCESS' then return result end

-- The value is the last member of the stored JSON: no decode and re-encode, which would round numbers.
local _, valueAt = string.find(stored, '"value":', 1, true)
local added = redis.call('HSETNX', parts, index, string.sub(stored, valueAt + 1, -2))
local count = redis.call('HLEN', parts)
if added == 1 and count == 1 then redis.call('EXPIRE', parts, ttl) end
if count ~= tonumber(ARGV[5]) then return result end

-- HGETALL rather than HMGET: unpack() of thousands of field names would overflow Lua's stack.
local all = redis.call('HGETALL', parts)
for i = 1, #all, 2 do
  result[tonumber(all[i]) + 4] = all[i + 1]
end
return result
