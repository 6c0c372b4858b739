-- wrk script for scripts/bench-webhooks: each request is the next event of a seeded attempt.
-- Thread t of T walks attempts t+1, t+1+T, … in windows of `window` attempts: ringing for each
-- attempt of the window, then in_progress for each, then completed for each, as a provider's
-- events for many calls interleave (one call's events are seconds apart, not simultaneous).
-- Tokens are lpad(to_hex(id), 48, '0') and call ids call_<id>, as the seed writes them.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local statuses = { "ringing", "in_progress", "completed" }
local counter = 0
local window = 500

function init(args)
  nthreads = tonumber(args[1])
  nattempts = tonumber(args[2])
end

function request()
  local j = counter
  counter = counter + 1
  local within = j % (3 * window)
  local slot = math.floor(j / (3 * window)) * window + within % window
  local attempt = (slot * nthreads + tid) % nattempts + 1
  local step = math.floor(within / window)
  local body = string.format('{"call_id":"call_%d","status":"%s","timestamp":"2026-11-25T10:00:0%dZ"}',
    attempt, statuses[step + 1], step)
  return wrk.format("POST", "/webhooks/voice/" .. string.format("%048x", attempt),
    { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  io.write(string.format("BENCH p50_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
