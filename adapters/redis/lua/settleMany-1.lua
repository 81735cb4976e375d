--[[
  Settles nodes that never ran (a cascade): writes the outcome for each listed node that has none yet.

  TTLs: none set when the workflow is known; the hash got its TTL in createWorkflow (see its header). When
  this call wrote something and the hash has no 'state', the workflow is unknown (never created, or
  expired): it then gets a TTL here.

  Input:
    KEYS[1] workflow hash          state; o:/s:<node id> (see createWorkflow's header)

    ARGV[1] outcome JSON, "status" first, already marked cascaded
    ARGV[2] TTL in seconds, used only when the workflow is unknown
    ARGV[3..] node ids

  Output:
    the number of nodes settled by this call
]]
local wf = KEYS[1]
local outcome, ttl = ARGV[1], ARGV[2]
local status = string.match(outcome, '^{"status":"(%u+)"')

local written = 0
for i = 3, #ARGV do
  if redis.call('HSETNX', wf, 'o:' .. ARGV[i], outcome) == 1 then
    redis.call('HSET', wf, 's:' .. ARGV[i], status)
    written = written + 1
  end
end
if written > 0 and redis.call('HEXISTS', wf, 'state') == 0 then redis.call('EXPIRE', wf, ttl) end
return written
