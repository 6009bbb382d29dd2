-- read.lua: GET /api/v1/appeals/{id} as the district's dispatcher (bearer token), for
-- ids drawn uniformly from 1..BENCH_MAX_ID.
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local token = os.getenv("BENCH_TOKEN")
local max_id = tonumber(os.getenv("BENCH_MAX_ID"))
local headers = {["Authorization"] = "Bearer " .. token}

function init(args)
   math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
   return wrk.format("GET", "/api/v1/appeals/" .. math.random(1, max_id), headers)
end
