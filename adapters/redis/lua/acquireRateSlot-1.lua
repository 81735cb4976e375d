--[[
  Takes one start from a rate limit shared by every worker (GCRA): starts are spaced `perMs / max` apart on
  average, with bursts of up to `max`. Nothing is taken when the caller has to wait.

  Input:
    KEYS[1] the limit's theoretical arrival time (epoch ms, a string)

    ARGV[1] max starts
    ARGV[2] per this many milliseconds
    ARGV[3] now, epoch ms (the caller's clock)

  Output:
    0 when a start was taken, else the milliseconds to wait before asking again
]]
local key = KEYS[1]
local max, perMs, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local interval = perMs / max

local tat = math.max(tonumber(redis.call('GET', key)) or now, now)
local next = tat + interval
local allowedAt = next - perMs
if allowedAt > now then return math.ceil(allowedAt - now) end
redis.call('SET', key, string.format('%.17g', next), 'PX', math.ceil(next - now) + 1)
return 0
