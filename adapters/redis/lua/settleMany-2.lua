--[[
  Settles nodes that never ran (a cascade): writes the outcome for each listed node that has none yet.

  TTLs: none set when the workflow is known; the hashes got theirs in createWorkflow (see its header). When
  this call wrote something and the outcomes hash has no placeholder '~', the workflow is unknown (never
  created, or expired): both hashes then get '~' and a TTL here.

  Input:
    KEYS[1] outcomes hash          nodeId -> outcome JSON, and '~'
    KEYS[2] states hash            nodeId -> state, and '~'

    ARGV[1] outcome JSON, "status" first, already marked cascaded
    ARGV[2] TTL in seconds, used only when the workflow is unknown
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
if written > 0 and redis.call('HEXISTS', outcomes, '~') == 0 then
  for i = 1, 2 do
    redis.call('HSET', KEYS[i], '~', '')
    redis.call('EXPIRE', KEYS[i], ttl)
  end
end
return written
