-- queue.lua: a dispatcher's queue page — GET /api/v1/appeals?status=S&community_id=C
-- (50 a page, newest first), cycling over the communities in BENCH_COMMUNITIES and the
-- statuses in BENCH_STATUSES (comma-separated).
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local token = os.getenv("BENCH_TOKEN")
local headers = {["Authorization"] = "Bearer " .. token}
local function split(s)
   local t = {}
   for x in string.gmatch(s, "[^,]+") do t[#t + 1] = x end
   return t
end
local communities = split(os.getenv("BENCH_COMMUNITIES"))
local statuses = split(os.getenv("BENCH_STATUSES") or "submitted")
local i = 0

function request()
   i = i + 1
   local c = communities[i % #communities + 1]
   local s = statuses[math.floor(i / #communities) % #statuses + 1]
   return wrk.format("GET", "/api/v1/appeals?status=" .. s .. "&community_id=" .. c ..
                     "&limit=50", headers)
end
