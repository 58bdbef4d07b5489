#!/usr/bin/env bash
# The CPU image, built and run for real. Called by .ci/run after `./mvnw -B verify` (it needs
# app/target); runs alone too:  docker/test-image.sh
#
# 1. Starts a private Docker engine: its own --data-root and sockets under a temporary directory,
#    --bridge=none --iptables=false (nothing listens outside loopback); stopped and removed on exit.
# 2. Makes a stand-in for the JRE base image (no registry is reachable): debootstrap of Debian
#    bookworm with OpenJDK 17, imported under the base name docker/Dockerfile pins. The root file
#    system is cached in ~/.cache/llmkit/image-test, so later runs skip debootstrap.
# 3. Builds docker/Dockerfile with FLAVOR=cpu APP_SOURCE=host (app/target from the host: a build
#    stage cannot download Maven dependencies here) and without network.
# 4. Runs it with --network none and probes it through `docker exec`: /health, /ready, /ner, /qa,
#    /generate, /embed and /tokenize answer from the bundled models; the process is not root;
#    HEALTHCHECK turns healthy; documents POSTed to /documents survive `docker rm` and a new
#    container on the same volume; `docker stop` drains an in-flight streaming request and the
#    container exits 0; docker/compose.yaml's CPU service starts (docker-compose, if Debian has it).
#
# Skips (exit 0, saying why) only where no Docker engine can be started: not root, docker.io not
# installable, or dockerd not starting. LLMKIT_IMAGE_TEST=skip skips on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

START=$SECONDS
say() { printf 'image-test: %s\n' "$*" >&2; }
skip() {
  say "SKIPPED: $*"
  exit 0
}

if [[ "${LLMKIT_IMAGE_TEST:-}" == skip ]]; then
  skip "LLMKIT_IMAGE_TEST=skip"
fi
if [[ ! -f app/target/llmkit.jar || ! -d app/target/lib ]]; then
  say "FAILED: app/target/llmkit.jar and app/target/lib are missing: run ./mvnw -B verify first"
  exit 1
fi
if [[ "$(id -u)" -ne 0 ]]; then
  skip "not root, so no Docker engine can be started here"
fi

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/llmkit/image-test"
BASE_PACKAGES="openjdk-17-jre-headless,ca-certificates"
BASE_TAR="$CACHE/bookworm-minbase-$(printf '%s' "$BASE_PACKAGES" | sha256sum | cut -c1-12).tar"

# ---- tools ----------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[[ -f "$BASE_TAR" ]] || command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if ((${#missing[@]})); then
  say "installing ${missing[*]} from Debian"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } \
    >/tmp/llmkit-image-test-apt.log 2>&1; then
    tail -5 /tmp/llmkit-image-test-apt.log >&2 || true
    command -v dockerd >/dev/null 2>&1 || skip "docker.io could not be installed"
    [[ -f "$BASE_TAR" ]] || command -v debootstrap >/dev/null 2>&1 ||
      skip "debootstrap could not be installed (no base image can be made)"
  fi
fi
# The client that ships with this engine (a newer client elsewhere on PATH may want buildx).
DOCKER_BIN=""
for candidate in "$(dirname "$(command -v dockerd)")/docker" /usr/bin/docker "$(command -v docker || true)"; do
  if [[ -x "$candidate" ]]; then
    DOCKER_BIN="$candidate"
    break
  fi
done
[[ -n "$DOCKER_BIN" ]] || skip "no docker client beside dockerd"

# ---- private engine -------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/llmkit-image-test.XXXXXX)"
SOCK="$WORK/docker.sock"
export DOCKER_HOST="unix://$SOCK" DOCKER_BUILDKIT=1
docker() { "$DOCKER_BIN" "$@"; }

cleanup() {
  local rc=$?
  set +e
  if [[ -S "$SOCK" ]]; then
    if command -v docker-compose >/dev/null 2>&1 && [[ -f "$WORK/compose.override.yaml" ]]; then
      docker-compose -p llmkit-image-test -f docker/compose.yaml -f "$WORK/compose.override.yaml" \
        down -v -t 5 >/dev/null 2>&1
    fi
    docker ps -aq | xargs -r "$DOCKER_BIN" rm -f >/dev/null 2>&1
  fi
  if [[ -f "$WORK/dockerd.pid" ]]; then
    local pid
    pid="$(cat "$WORK/dockerd.pid")"
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null
  fi
  # Anything the engine left mounted under WORK (overlays, network namespaces), deepest first.
  awk -v w="$WORK" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$WORK"
  if ((rc == 0)); then
    say "cleaned up; $((SECONDS - START)) s in all"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  say "FAILED: $*"
  for c in $(docker ps -aq 2>/dev/null); do
    say "--- last log lines of container $(docker inspect -f '{{.Name}}' "$c" 2>/dev/null)"
    docker logs --tail 40 "$c" 2>&1 | sed 's/^/  /' >&2
  done
  exit 1
}

say "starting a private dockerd under $WORK"
dockerd --data-root "$WORK/data" --exec-root "$WORK/exec" --pidfile "$WORK/dockerd.pid" \
  -H "$DOCKER_HOST" --bridge=none --iptables=false --ip-masq=false \
  >"$WORK/dockerd.log" 2>&1 &
for _ in $(seq 1 60); do
  docker version >/dev/null 2>&1 && break
  if ! kill -0 $! 2>/dev/null; then
    tail -5 "$WORK/dockerd.log" >&2
    skip "dockerd did not start here (log above), so there is no Docker engine to test with"
  fi
  sleep 0.5
done
docker version >/dev/null 2>&1 || skip "dockerd did not answer within 30 s"
say "engine $(docker version -f '{{.Server.Version}}') ($(($SECONDS - START)) s)"

# ---- stand-in base --------------------------------------------------------------------------
JRE_IMAGE="$(sed -n 's/^ARG JRE_IMAGE=//p' docker/Dockerfile)"
[[ -n "$JRE_IMAGE" ]] || fail "docker/Dockerfile names no JRE_IMAGE"
if [[ ! -f "$BASE_TAR" ]]; then
  say "making the stand-in base with debootstrap (cached afterwards in $CACHE)"
  mkdir -p "$CACHE"
  debootstrap --variant=minbase --include="$BASE_PACKAGES" bookworm "$WORK/rootfs" \
    http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log" >&2; fail "debootstrap failed"; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  tar -C "$WORK/rootfs" -cf "$BASE_TAR.part" . && mv "$BASE_TAR.part" "$BASE_TAR"
  rm -rf "$WORK/rootfs"
fi
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["bash"]' \
  "$BASE_TAR" "$JRE_IMAGE" >/dev/null
say "stand-in base $JRE_IMAGE: $(docker image inspect -f '{{.Size}}' "$JRE_IMAGE" | numfmt --to=si) ($(($SECONDS - START)) s)"

# ---- build ----------------------------------------------------------------------------------
IMAGE=llmkit:cpu
say "building $IMAGE from app/target"
BUILD_START=$SECONDS
docker build --network none -f docker/Dockerfile --build-arg FLAVOR=cpu --build-arg APP_SOURCE=host \
  --build-arg REVISION="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  -t "$IMAGE" . >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log" >&2; fail "docker build failed"; }
say "built in $((SECONDS - BUILD_START)) s; layers (docker history):"
docker history --format '{{.Size}}\t{{.CreatedBy}}' "$IMAGE" | cut -c1-150 | sed 's/^/  /' >&2
say "image $(docker image inspect -f '{{.Size}}' "$IMAGE" | numfmt --to=si), base $(docker image inspect -f '{{.Size}}' "$JRE_IMAGE" | numfmt --to=si)"

# ---- probes ---------------------------------------------------------------------------------
# http CONTAINER METHOD PATH [JSON]: one HTTP/1.0 exchange from inside the container (bash's
# /dev/tcp; the image has no curl and the container no network). Prints "STATUS BODY".
http() {
  local container=$1 method=$2 path=$3 body=${4:-}
  local out
  out="$(printf '%s' "$body" | docker exec -i "$container" bash -c '
      exec 3<>/dev/tcp/127.0.0.1/8080 || exit 7
      printf "%s %s HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n" "$1" "$2" "$3" >&3
      cat >&3
      cat <&3' _ "$method" "$path" "$(printf '%s' "$body" | wc -c)" 2>/dev/null)" || return 1
  local status="${out%%$'\r'*}"
  status="${status#HTTP/1.? }"
  printf '%s %s\n' "${status%% *}" "${out#*$'\r\n\r\n'}"
}

# expect CONTAINER METHOD PATH JSON STATUS TEXT: the answer has that status and contains TEXT.
expect() {
  local answer
  answer="$(http "$1" "$2" "$3" "$4")" || fail "$2 $3: no answer"
  [[ "${answer%% *}" == "$5" && "$answer" == *"$6"* ]] ||
    fail "$2 $3: expected $5 with $6, got: ${answer:0:400}"
  say "ok: $2 $3 -> $5 ${answer:4:100}"
}

# wait_ready CONTAINER: /ready answers 200 (all models loaded), within 300 s.
wait_ready() {
  local t0=$SECONDS answer=""
  while ((SECONDS - t0 < 300)); do
    answer="$(http "$1" GET /ready || true)"
    if [[ "${answer%% *}" == 200 ]]; then
      say "ready $((SECONDS - t0)) s after start"
      return 0
    fi
    [[ "$(docker inspect -f '{{.State.Running}}' "$1")" == true ]] || fail "$1 exited"
    sleep 1
  done
  fail "$1 not ready within 300 s: ${answer:0:300}"
}

VOLUME=llmkit-image-test-data
run_server() { # NAME
  # A drain deadline that a busy CI machine cannot miss (the default is 30 s).
  docker run -d --name "$1" --network none -v "$VOLUME:/data" -e LLMKIT_SHUTDOWN_TIMEOUT_MS=150000 \
    --health-interval 3s --health-start-period 300s "$IMAGE" >/dev/null
}

say "run 1: --network none, volume $VOLUME"
run_server llmkit-1
wait_ready llmkit-1
expect llmkit-1 GET /health '' 200 ''
expect llmkit-1 GET /ready '' 200 ''
expect llmkit-1 POST /ner '{"inputs": "Ada Lovelace lived in London."}' 200 '"word":"London"'
expect llmkit-1 POST /qa \
  '{"inputs": {"question": "Where did Ada live?", "context": "Ada Lovelace lived in London."}}' \
  200 '"answer":"London"'
expect llmkit-1 POST /generate \
  '{"inputs": "It was a dark", "parameters": {"max_new_tokens": 8, "do_sample": false}}' 200 '"generated_text":"'
expect llmkit-1 POST /embed '{"inputs": "hello world"}' 200 '[['
expect llmkit-1 POST /tokenize '{"inputs": "hello world"}' 200 '"text":"world"'
expect llmkit-1 POST /ner '{"inputs": 42}' 422 '"error_type"'

uid="$(docker exec llmkit-1 awk '/^Uid:/ {print $2}' /proc/1/status)"
[[ -n "$uid" && "$uid" != 0 ]] || fail "the server runs as uid '$uid'"
say "ok: the server runs as uid $uid ($(docker exec llmkit-1 id -un))"
[[ "$(docker exec llmkit-1 sh -c 'test -w /opt/llmkit/lib && echo writable')" != writable ]] ||
  fail "the llmkit user can write its own code"

t0=$SECONDS
while [[ "$(docker inspect -f '{{.State.Health.Status}}' llmkit-1)" != healthy ]]; do
  ((SECONDS - t0 < 180)) || fail "HEALTHCHECK not healthy after 180 s: $(docker inspect -f '{{json .State.Health}}' llmkit-1)"
  sleep 1
done
say "ok: HEALTHCHECK healthy ($(docker inspect -f '{{join .Config.Healthcheck.Test " "}}' llmkit-1))"

DOC='{"id": "image-test-doc", "title": "Signals", "text": "The signalling system of the Northern line is maintained by Grace Hopper from Leeds."}'
expect llmkit-1 POST /documents "$DOC" 201 '"status":"CREATED"'

say "docker rm, then run 2 on the same volume"
docker stop -t 180 llmkit-1 >/dev/null
[[ "$(docker inspect -f '{{.State.ExitCode}}' llmkit-1)" == 0 ]] ||
  fail "llmkit-1 exited with $(docker inspect -f '{{.State.ExitCode}}' llmkit-1) after docker stop"
docker rm llmkit-1 >/dev/null
run_server llmkit-2
wait_ready llmkit-2
expect llmkit-2 GET /documents '' 200 '"id":"image-test-doc"'
expect llmkit-2 POST /qa '{"inputs": {"question": "Who maintains the signalling system?"}}' 200 'Grace Hopper'

say "docker stop while a streaming generation is in flight"
# The client runs in its own container in the server's network namespace, so it outlives the server.
docker run -d --name llmkit-client --network container:llmkit-2 --entrypoint bash "$IMAGE" -c '
  body="{\"inputs\": \"It was a dark and stormy night\", \"parameters\": {\"max_new_tokens\": 200, \"do_sample\": false}}"
  exec 3<>/dev/tcp/127.0.0.1/8080 || exit 7
  printf "POST /generate_stream HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: %s\r\n\r\n%s" "${#body}" "$body" >&3
  cat <&3' >/dev/null
t0=$SECONDS
# (docker logs is read into a variable: grep -q closing a pipe early fails it under pipefail)
until [[ "$(docker logs llmkit-client 2>&1)" == *'data:'* ]]; do
  ((SECONDS - t0 < 60)) || fail "no token streamed within 60 s"
  sleep 0.1
done
[[ "$(docker logs llmkit-client 2>&1)" != *'"finish_reason"'* ]] ||
  fail "the generation ended before docker stop: nothing was in flight (make it longer)"
docker stop -t 180 llmkit-2 >/dev/null
server_exit="$(docker inspect -f '{{.State.ExitCode}}' llmkit-2)"
client_exit="$(docker wait llmkit-client)"
stream="$(docker logs llmkit-client 2>&1)"
[[ "$server_exit" == 0 ]] || fail "docker stop: the server exited with $server_exit"
[[ "$client_exit" == 0 && "$stream" == *'"finish_reason":"length"'* && "$stream" == *'"generated_tokens":200'* ]] ||
  fail "the in-flight stream was cut (client exit $client_exit): ${stream: -400}"
[[ "$(docker logs llmkit-2 2>&1)" == *'draining in-flight requests'* ]] || fail "the server did not log its drain"
say "ok: docker stop drained the stream ($(grep -c '^data:' <<<"$stream") events) and the server exited 0"

# ---- compose --------------------------------------------------------------------------------
if command -v docker-compose >/dev/null 2>&1; then
  # As the compose file is, except: no network (so no port is published) and the built image.
  cat >"$WORK/compose.override.yaml" <<'EOF'
services:
  llmkit:
    network_mode: none
EOF
  compose=(docker-compose -p llmkit-image-test -f docker/compose.yaml -f "$WORK/compose.override.yaml")
  "${compose[@]}" config -q || fail "docker/compose.yaml does not validate"
  "${compose[@]}" --profile gpu config -q || fail "docker/compose.yaml's gpu profile does not validate"
  "${compose[@]}" up -d --no-build llmkit >"$WORK/compose.log" 2>&1 ||
    { cat "$WORK/compose.log" >&2; fail "docker-compose up failed"; }
  cid="$("${compose[@]}" ps -q llmkit)"
  wait_ready "$cid"
  expect "$cid" POST /embed '{"inputs": "hello world"}' 200 '[['
  "${compose[@]}" down -v -t 30 >/dev/null 2>&1 || fail "docker-compose down failed"
  say "ok: docker/compose.yaml's CPU service ran (docker-compose $(docker-compose version --short))"
else
  say "docker-compose is not installed: docker/compose.yaml was not run"
fi

say "PASSED in $((SECONDS - START)) s"
