-- report.lua: loaded by every scenario script; wrk calls done() once at the end, and it
-- prints one line that bench/run.sh reads:
--   RESULT requests=N seconds=S rps=R p50_ms=A p99_ms=B non2xx=K errors=E
function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p99_ms=%.3f non2xx=%d errors=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      e.status, e.connect + e.read + e.write + e.timeout))
end
