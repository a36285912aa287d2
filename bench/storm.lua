-- wrk script for the storm run: counts the answers whose status is UNKNOWN (a stale or unread
-- snapshot, which must never happen while the healer restarts) across wrk's threads.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  unknown = 0
  answers = 0
end

function response(status, headers, body)
  answers = answers + 1
  if string.find(body, '"status":"UNKNOWN"', 1, true) then
    unknown = unknown + 1
  end
end

function done(summary, latency, requests)
  local u, a = 0, 0
  for _, thread in ipairs(threads) do
    u = u + thread:get("unknown")
    a = a + thread:get("answers")
  end
  io.write(string.format("unknown answers: %d of %d\n", u, a))
end
