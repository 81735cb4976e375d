--[[
  Settles nodes that never ran (a cascade): writes the outcome for each listed node that has none yet.

  Input:
    KEYS[1] outcomes hash          nodeId -> outcome JSON
    KEYS[2] states hash            nodeId -> state

    ARGV[1] outcome JSON, "status" first, already marked cascaded
    ARGV[2] TTL in seconds of every key written
    ARGV[3..] node ids

  Output:
    the number of nodes settled by this call
]]
local outcomes, states = KEYS[1], KEYS[2]
local outcome, ttl = ARGV[1], ARGV[2]
local status = string.match(outcome, '^{"status":"(%u+)"')

local written = 0
for i = 3, #ARGV do
  if redis.call('HSETNX', outcomes, ARGV[i], outcome) == 1 then
    redis.call('HSET', states, ARGV[i], status)
    written = written + 1
  end
end
redis.call('EXPIRE', outcomes, ttl)
redis.call('EXPIRE', states, ttl)
return written
