#!/usr/bin/env bash
# Resident memory of `llmkit serve --documents` with the bundled models: once every task is ready,
# and after one document is ingested and one open-book /qa answered.
#   scripts/serve_documents_rss.sh [PORT]      (run from the checkout to measure)
set -euo pipefail
port="${1:-18099}"
data="$(mktemp -d)"
log="$(mktemp)"
./llmkit serve --documents --data-dir "$data" --port "$port" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$log"' EXIT
java_pid() { pgrep -P "$pid" java || echo "$pid"; }
rss() { awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$(java_pid)/status"; }
for _ in $(seq 1 600); do
  if curl -sf "http://127.0.0.1:$port/ready" >/dev/null; then break; fi
  sleep 1
done
echo "ready: $(rss)"
text="Ada Lovelace married William King in 1835. They lived in London."
curl -sf -X POST "http://127.0.0.1:$port/documents" -H 'content-type: application/json' \
  -d "{\"id\": \"ada\", \"text\": \"$text\"}" >/dev/null
curl -sf -X POST "http://127.0.0.1:$port/qa" -H 'content-type: application/json' \
  -d '{"inputs": {"question": "Whom did Ada Lovelace marry?"}}'
echo
echo "after ingest and /qa: $(rss)"
