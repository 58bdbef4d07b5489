#!/usr/bin/env bash
# Median POST /ner latency for one sentence and for 32 sentences in one request, with the default
# NER model (bert-base-cased + LoRA adapter) and with ner-minilm. Run from the repository root:
#   scripts/ner_latency.sh
set -u
port=${PORT:-18090}
one='{"inputs": "Ada Lovelace worked with Charles Babbage in London on the Analytical Engine."}'
batch=$(python3 -c "import json; print(json.dumps({'inputs': ['Ada Lovelace worked with Charles Babbage in London on the Analytical Engine.']*32}))")
for model in default ner-minilm; do
  if [ "$model" = default ]; then env=""; else env="LLMKIT_NER_MODEL=$model"; fi
  env $env ./llmkit serve --port "$port" > "/tmp/ner-latency-$model.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 1; done
  post() { curl -s -o /dev/null -w '%{time_total}\n' "localhost:$port/ner" -H 'content-type: application/json' -d "$1"; }
  for _ in 1 2 3; do post "$one" >/dev/null; done
  t1=$(for _ in $(seq 1 21); do post "$one"; done | sort -n | sed -n 11p)
  post "$batch" >/dev/null
  t32=$(for _ in $(seq 1 7); do post "$batch"; done | sort -n | sed -n 4p)
  echo "$model: one sentence ${t1} s, batch of 32 ${t32} s (medians of 21 and 7 requests)"
  kill "$pid"; wait "$pid" 2>/dev/null
done
