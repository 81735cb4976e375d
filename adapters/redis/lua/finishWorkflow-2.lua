--[[
  Commits a workflow's own outcome, first write wins, and wakes waiters when this call wrote it. Makes sure
  its keys live at least a full retention period after it ended.

  TTLs: createWorkflow gave the keys the retention period plus a grace; here (and in revokeWorkflow, and in
  commitOutcome when it ends the workflow) the TTL is refreshed only when less than the retention period is
  left, so a workflow that ends within the grace costs no EXPIRE. Join parts hashes are not refreshed: a
  workflow does not know them all, and they are only needed until their join completes, so they expire a TTL
  after the join's first part (see commitOutcome's header).

  Input:
    KEYS[1] workflow hash          state, outcome, endedAt (see createWorkflow's header)
    KEYS[2] plan string

    ARGV[1] outcome JSON, "status" first
    ARGV[2] TTL in seconds
    ARGV[3] channel to publish on
    ARGV[4] workflow id
    ARGV[5] 'PUBLISH' on one Redis; 'SPUBLISH' on a cluster, where ARGV[3] is the workflow's own channel,
            `<prefix>:finished:{<workflow id>}`, in the slot of KEYS (a script may publish only there)

  Also sets endedAt (epoch ms, Redis's TIME) when this call ended the workflow.

  Output:
    the outcome JSON now stored

  Events:
    PUBLISH (or SPUBLISH) ARGV[3] "<ARGV[4]>\n<ARGV[1]>" when this call wrote the outcome: the workflow id, a newline, the
      outcome JSON. Waiters take the outcome from the message instead of reading it back: it is written once
      and never changes. The outcome JSON holds no newline (JSON.stringify escapes them), so the last newline
      ends the id, whatever the id holds.
]]
--- @include "recordEnd"

local wf, plan = KEYS[1], KEYS[2]
local outcome, ttl = ARGV[1], tonumber(ARGV[2])

local fresh = redis.call('HSETNX', wf, 'outcome', outcome)
local stored = outcome
if fresh == 0 then stored = redis.call('HGET', wf, 'outcome') end
recordEnd(wf, plan, stored, fresh == 1, ttl, ARGV[5], ARGV[3], ARGV[4])
return stored
