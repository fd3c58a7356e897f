-- wrk script of eng/load-test.sh: POSTs one file's bytes with a content type, and prints one summary line
-- (requests, requests/s, p50 and p99 latency, errors of every kind) for the shell script to read.
-- Arguments after "--": FILE CONTENT-TYPE.
function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.method = "POST"
  wrk.body = file:read("*a")
  wrk.headers["Content-Type"] = args[2]
  file:close()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d elapsed_s=%.1f rps=%.1f p50_ms=%.2f p99_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
