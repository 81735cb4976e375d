--[[
  Included by the scripts that end a workflow (finishWorkflow, revokeWorkflow, commitOutcome for the root):
  records the end of the workflow whose outcome `stored` is now in its hash.

  - state: the stored outcome's status; endedAt (epoch ms, Redis's TIME) when this call wrote it (`fresh`),
    for app.workflows()
  - TTLs: the hash's and the plan's raised back to `ttl` only when less is left (see createWorkflow's header:
    a workflow that ends within the grace of its creation costs no EXPIRE)
  - when `fresh`: `publish` (PUBLISH, or SPUBLISH on a cluster) on `channel` of "<id>\n<stored>" (see
    finishWorkflow's header)
]]
local function recordEnd(wf, plan, stored, fresh, ttl, publish, channel, id)
  local status = string.match(stored, '^{"status":"(%u+)"')
  if fresh then
    local now = redis.call('TIME')
    redis.call('HSET', wf, 'state', status, 'endedAt', now[1] .. string.format('%03d', math.floor(tonumber(now[2]) / 1000)))
  else
    redis.call('HSET', wf, 'state', status)
  end
  if redis.call('TTL', wf) < ttl then
    redis.call('EXPIRE', wf, ttl)
    redis.call('EXPIRE', plan, ttl)
  end
  if fresh then redis.call(publish, channel, id .. '\n' .. stored) end
end
