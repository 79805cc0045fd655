-- wrk script for `scripts/web_load.sh`: a mix of API requests over many ids and filters, so the
-- server answers distinct questions (not one cached URL). Usage:
--   wrk -t2 -c50 -d60s -s scripts/web_load.lua http://127.0.0.1:8080 -- [endpoint] [articles] [actors]
-- where endpoint is one of: all stats articles article actors actor quotes variants timeline
-- search network evidence openapi.
local paths = {}
local words = { "war", "peace", "election", "tax", "police", "trade", "immigration", "border", "health",
  "vote", "court", "economy", "jobs", "email", "wall", "campaign", "debate", "Russia", "China", "Iran" }
local names = { "Trump", "Clinton", "Sanders", "Obama", "Cruz", "Rubio", "Putin", "Kasich", "Pence",
  "Kaine", "Comey", "Ryan", "McConnell", "Bush", "Carson", "Christie" }

local function add(kind, want, path)
  if want == "all" or want == kind then table.insert(paths, path) end
end

function init(args)
  local want = args[1] or "all"
  local n_articles = tonumber(args[2] or "900")
  local n_actors = tonumber(args[3] or "2000")
  add("stats", want, "/api/v1/stats")
  add("openapi", want, "/api/v1/openapi.json")
  for i = 0, 40 do add("articles", want, "/api/v1/articles?limit=20&offset=" .. (i * 20)) end
  for _, w in ipairs(words) do add("articles", want, "/api/v1/articles?q=" .. w .. "&since=2016") end
  for i = 1, n_articles do add("article", want, "/api/v1/articles/" .. i) end
  for _, t in ipairs({ "PERSON", "ORG", "GPE", "NORP" }) do
    for i = 0, 9 do add("actors", want, "/api/v1/actors?type=" .. t .. "&limit=20&offset=" .. (i * 20)) end
  end
  for _, nm in ipairs(names) do add("actors", want, "/api/v1/actors?q=" .. nm) end
  for i = 1, n_actors do add("actor", want, "/api/v1/actors/" .. i) end
  for _, nm in ipairs(names) do
    add("quotes", want, "/api/v1/quotes?speaker=" .. nm)
    add("quotes", want, "/api/v1/quotes?speaker=" .. nm .. "&direct=true&limit=50")
    add("timeline", want, "/api/v1/timeline?actor=" .. nm)
    add("timeline", want, "/api/v1/timeline?actor=" .. nm .. "&since=2016-06&limit=100")
  end
  for _, w in ipairs(words) do
    add("quotes", want, "/api/v1/quotes?about=" .. w)
    add("timeline", want, "/api/v1/timeline?q=" .. w)
    add("search", want, "/api/v1/search?q=" .. w)
    add("search", want, "/api/v1/search?q=" .. w .. "&offset=20")
  end
  for i = 0, 40 do add("quotes", want, "/api/v1/quotes?limit=20&offset=" .. (i * 20)) end
  for i = 1, 2000, 3 do add("variants", want, "/api/v1/quotes/" .. i .. "/variants") end
  for m = 1, 4 do add("network", want, "/api/v1/network?min_articles=" .. m) end
  for a = 1, 40 do
    for b = a + 1, a + 10 do
      add("evidence", want, "/api/v1/network/evidence?a=" .. a .. "&b=" .. b)
      add("evidence", want, "/api/v1/network/evidence?a=" .. a .. "&b=" .. b .. "&kind=speaks-about")
    end
  end
  math.randomseed(os.time() + math.random(1000))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.1f, "p50_ms": %.2f, "p90_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f, "connect_errors": %d, "read_errors": %d, "write_errors": %d, "timeouts": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.connect, e.read, e.write, e.timeout, e.status))
end
