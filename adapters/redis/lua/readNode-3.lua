--[[
  Reads one node's state, outcome and highest attempt begun, in one consistent snapshot.

  Input:
    KEYS[1] states hash            nodeId -> state
    KEYS[2] outcomes hash          nodeId -> outcome JSON
    KEYS[3] attempts hash          nodeId -> highest attempt begun

    ARGV[1] node id

  Output:
    { state or false, outcome JSON or false, attempt or false }
]]
local nodeId = ARGV[1]
return {
  redis.call('HGET', KEYS[1], nodeId),
  redis.call('HGET', KEYS[2], nodeId),
  redis.call('HGET', KEYS[3], nodeId),
}
