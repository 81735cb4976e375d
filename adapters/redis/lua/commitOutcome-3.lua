--[[
  Commits a node's outcome, first write wins, and when the stored outcome is a SUCCESS of a join member,
  records its value as the join's part at the member's index, first write per index wins. A join completes
  when every distinct index is in, never by counting deliveries, so a redelivered member cannot complete it twice.

  TTLs: the outcomes and states hashes got theirs in createWorkflow (see its header) and keep it. A join's
  parts hash gets its TTL once, with its first part (this call added a part and the hash now holds one), and
  is not refreshed later, by this script or when the workflow ends: parts are only needed until the join
  completes, which is within the workflow's run, so they expire a TTL after the join's first part. When the
  node had no state yet (a group, chain or chord node, or a task that never began) and the states hash has no
  placeholder '~', the workflow is unknown (never created, or expired): both hashes then get '~' and a TTL here.

  Input:
    KEYS[1] outcomes hash          nodeId -> outcome JSON, and '~'
    KEYS[2] states hash            nodeId -> state, and '~'
    KEYS[3] the join's parts hash  index -> value JSON (untouched when ARGV[4] is '')

    ARGV[1] node id
    ARGV[2] outcome JSON, "status" first and, for a SUCCESS, "value" last (see outcome-codec.ts)
    ARGV[3] TTL in seconds, for a new parts hash and when the workflow is unknown
    ARGV[4] the member's index in the join, or '' when the node is no join member
    ARGV[5] the join's size

  Output:
    { fresh, stored }               1 if this call wrote the outcome, else 0; the outcome JSON now stored
    { fresh, stored, part0, ... }   when the join is complete: its parts' value JSON in index order
]]
local outcomes, states, parts = KEYS[1], KEYS[2], KEYS[3]
local nodeId, ttl, index = ARGV[1], ARGV[3], ARGV[4]

local fresh = redis.call('HSETNX', outcomes, nodeId, ARGV[2])
local stored = ARGV[2]
if fresh == 0 then stored = redis.call('HGET', outcomes, nodeId) end
local status = string.match(stored, '^{"status":"(%u+)"')
if redis.call('HSET', states, nodeId, status) == 1 and redis.call('HEXISTS', states, '~') == 0 then
  for i = 1, 2 do
    redis.call('HSET', KEYS[i], '~', '')
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end

local result = { fresh, stored }
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
  result[tonumber(all[i]) + 3] = all[i + 1]
end
return result
