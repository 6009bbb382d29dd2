-- dispatch.lua: one life-cycle step — POST /api/v1/appeals/{id}/events {"type":"dispatch"}
-- by the district's dispatcher, each appeal once: `huiyin gen --accepted K` left appeals
-- BENCH_FIRST_ID..BENCH_LAST_ID accepted; wrk thread k of n takes first + k, first + k + n,
-- ... A run that outlasts them gets 409s, counted as non-2xx.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local token = os.getenv("BENCH_TOKEN")
local first = tonumber(os.getenv("BENCH_FIRST_ID"))
local lead = os.getenv("BENCH_LEAD_ORG")
local body = '{"type":"dispatch","lead_org_id":' .. lead .. '}'
local headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
local threads, counter = {}, 0

function setup(thread)
   thread:set("slot", counter)
   counter = counter + 1
   threads[#threads + 1] = thread
end

function init(args)
   n_threads = tonumber(os.getenv("BENCH_THREADS"))
   next_id = first + slot
end

function request()
   local id = next_id
   next_id = next_id + n_threads
   return wrk.format("POST", "/api/v1/appeals/" .. id .. "/events", headers, body)
end
