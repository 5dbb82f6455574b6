-- wrk script: each request books a new, free time, so bookings succeed (bench/load.sh passes: base offset, threads).
-- Booking i: therapist i mod 20, the therapist's (i div 20)-th time from the first free day on, 75 minutes apart from
-- 08:00 Moscow time, 11 a day; client i mod 200 (always with the same therapist, so a client's visits never overlap).
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local function split(s)
  local list = {}
  for item in string.gmatch(s, "[^,]+") do table.insert(list, item) end
  return list
end

function init(args)
  base = tonumber(args[1] or "0")
  step = tonumber(args[2] or "1")
  n = base + tid
  token = os.getenv("BENCH_TOKEN")
  service = os.getenv("BENCH_SERVICE")
  first = tonumber(os.getenv("BENCH_FIRST_FREE"))
  therapists = split(os.getenv("BENCH_THERAPISTS"))
  clients = split(os.getenv("BENCH_CLIENTS"))
end

function request()
  local i = n
  n = n + step
  local p = math.floor(i / #therapists)
  local at = first + math.floor(p / 11) * 86400 + (p % 11) * 4500
  local body = string.format('{"clientId":"%s","serviceId":"%s","therapistId":"%s","startsAt":"%s"}',
    clients[i % #clients + 1], service, therapists[i % #therapists + 1], os.date("!%Y-%m-%dT%H:%M:%S+03:00", at + 10800))
  return wrk.format("POST", "/api/v1/bookings", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = "bench-" .. i,
  }, body)
end
