--[[
  Stores a new workflow's plan and marks it PENDING. Idempotent: a second call changes nothing.

  Input:
    KEYS[1] plan string
    KEYS[2] workflow meta hash     state, outcome, revoked

    ARGV[1] plan JSON
    ARGV[2] TTL in seconds

  Output:
    1 when this call created the workflow, else 0
]]
local plan, meta = KEYS[1], KEYS[2]
local ttl = ARGV[2]

if not redis.call('SET', plan, ARGV[1], 'NX', 'EX', ttl) then return 0 end
redis.call('HSETNX', meta, 'state', 'PENDING')
redis.call('EXPIRE', meta, ttl)
return 1
