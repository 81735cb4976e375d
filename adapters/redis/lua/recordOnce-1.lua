--[[
  Stores the result of a task's `ctx.once(name, fn)` unless one is stored already (first write wins), and
  returns the stored one. Every workflow has one hash of these; each write gives it the store's TTL again, so
  it lives as long as the workflow's other keys (which get theirs at creation and at the end).

  Input:
    KEYS[1] the workflow's once hash: key -> value JSON

    ARGV[1] the key (the task's idempotency key and the name given to once)
    ARGV[2] the value as JSON
    ARGV[3] TTL in seconds

  Output:
    the stored value's JSON
]]
local hash = KEYS[1]
redis.call('HSETNX', hash, ARGV[1], ARGV[2])
redis.call('EXPIRE', hash, tonumber(ARGV[3]))
return redis.call('HGET', hash, ARGV[1])
