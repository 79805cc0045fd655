#!/usr/bin/env bash
# Load benchmark of `herald serve` (docs/EVAL.md, issue 7): per-endpoint latency under 50
# connections (after a warm-up run of WARMUP seconds, default 5, whose figures are shown apart),
# then a 60-second mixed load with the server's memory before and after.
# Needs `wrk` (Debian package) and a database, e.g.:
#   cargo build --release
#   target/release/herald ingest --db /tmp/web.db ../shared/seeds ../shared/data/polnear/train ../shared/data/polnear/dev
#   scripts/web_load.sh /tmp/web.db
# Non-2xx answers count as errors, except 404s of ids that do not exist (the mix asks for some).
set -euo pipefail
db=${1:?usage: scripts/web_load.sh DB [seconds-per-endpoint] [seconds-mixed]}
per=${2:-10}
mixed=${3:-60}
cache_mb=${CACHE_MB:-64}
warmup=${WARMUP:-5}
here=$(cd "$(dirname "$0")" && pwd)
herald=${HERALD:-$here/../target/release/herald}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
"$herald" serve --db "$db" --addr "127.0.0.1:$port" --cache-mb "$cache_mb" > /tmp/herald-serve.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/stats" > /dev/null && break; sleep 0.2; done
articles=$(curl -s "http://127.0.0.1:$port/api/v1/stats" | sed 's/.*"articles":\([0-9]*\).*/\1/')
actors=$(curl -s "http://127.0.0.1:$port/api/v1/stats" | sed 's/.*"actors":\([0-9]*\).*/\1/')
echo "database $db: $articles articles, $actors actors; cache ${cache_mb} MB; $(nproc) cores"
for ep in stats articles article actors actor quotes variants timeline search network evidence openapi; do
  if [ "$warmup" -gt 0 ]; then
    printf '%-9s warm-up ' "$ep"
    wrk -t2 -c50 -d"${warmup}s" --timeout 5s -s "$here/web_load.lua" "http://127.0.0.1:$port" -- "$ep" "$articles" "$actors" | tail -1
  fi
  printf '%-9s ' "$ep"
  wrk -t2 -c50 -d"${per}s" --timeout 5s -s "$here/web_load.lua" "http://127.0.0.1:$port" -- "$ep" "$articles" "$actors" | tail -1
done
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "rss before mixed load: $(rss) kB"
printf 'mixed     '
wrk -t2 -c50 -d"${mixed}s" --timeout 5s -s "$here/web_load.lua" "http://127.0.0.1:$port" -- all "$articles" "$actors" | tail -1
echo "rss after mixed load: $(rss) kB"
printf 'mixed-again '
wrk -t2 -c50 -d"${mixed}s" --timeout 5s -s "$here/web_load.lua" "http://127.0.0.1:$port" -- all "$articles" "$actors" | tail -1
echo "rss after second mixed load: $(rss) kB"
