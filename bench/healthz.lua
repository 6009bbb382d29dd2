-- healthz.lua: GET the URL given to wrk (/healthz, or nginx's static copy of its answer).
dofile(os.getenv("BENCH_LUA") .. "/report.lua")
