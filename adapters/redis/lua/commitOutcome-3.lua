--[[
  Commits a node's outcome, first write wins, and when the stored outcome is a SUCCESS of a join member,
  records its value as the join's part at the member's index, first write per index wins. A join completes
  when every distinct index is in, never by counting deliveries, so a redelivered member cannot complete it twice.

  Input:
    KEYS[1] outcomes hash          nodeId -> outcome JSON
    KEYS[2] states hash            nodeId -> state
    KEYS[3] the join's parts hash  index -> value JSON (untouched when ARGV[4] is '')

    ARGV[1] node id
    ARGV[2] outcome JSON, "status" first and, for a SUCCESS, "value" last (see outcome-codec.ts)
    ARGV[3] TTL in seconds of every key written
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
redis.call('HSET', states, nodeId, status)
redis.call('EXPIRE', outcomes, ttl)
redis.call('EXPIRE', states, ttl)

local result = { fresh, stored }
if index == '' or status ~= 'SUCCESS' then return result end

-- The value is the last member of the stored JSON: no decode and re-encode, which would round numbers.
local _, valueAt = string.find(stored, '"value":', 1, true)
redis.call('HSETNX', parts, index, string.sub(stored, valueAt + 1, -2))
redis.call('EXPIRE', parts, ttl)
if redis.call('HLEN', parts) ~= tonumber(ARGV[5]) then return result end

-- HGETALL rather than HMGET: unpack() of thousands of field names would overflow Lua's stack.
local all = redis.call('HGETALL', parts)
for i = 1, #all, 2 do
  result[tonumber(all[i]) + 3] = all[i + 1]
end
return result
