-- search.lua: full-text search in Chinese — GET /api/v1/appeals?q=... (the first page, 50
-- appeals, newest first) cycling over BENCH_QUERIES (comma-separated, URL-encoded here).
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
local token = os.getenv("BENCH_TOKEN")
local headers = {["Authorization"] = "Bearer " .. token}
local function urlencode(s)
   return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local queries = {}
for q in string.gmatch(os.getenv("BENCH_QUERIES"), "[^,]+") do
   queries[#queries + 1] = urlencode(q)
end
local i = 0

function request()
   i = i + 1
   return wrk.format("GET", "/api/v1/appeals?q=" .. queries[i % #queries + 1] .. "&limit=50",
                     headers)
end
