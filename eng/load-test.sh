#!/usr/bin/env bash
# The HTTP service under load (issue 27): starts samples/InferenceService on 127.0.0.1, drives each POST endpoint with
# wrk (Debian's wrk) at CONNECTIONS connections for SECONDS seconds, once with micro-batching on (the service's
# appsettings.json) and once with it off, and stops the service after each. Loopback only, bounded in time: every
# wrk run lasts SECONDS, a service that does not get ready in 120 s or stop in 30 s is killed.
# Prints a Markdown table (requests/s, p50/p99 latency, errors) for docs/benchmarks.md.
#   bash eng/load-test.sh [SECONDS] [CONNECTIONS]      (defaults: 30 and 64)
# LOAD_TEST_NO_BUILD=1 runs the service as last built (Release), without building it first.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
connections=${2:-64}
port=${LOAD_TEST_PORT:-5099}
url="http://127.0.0.1:$port"

if ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
[ "${LOAD_TEST_NO_BUILD:-}" = 1 ] || dotnet build samples/InferenceService -c Release -nologo -v:quiet >/dev/null
service_dll=$(find samples/InferenceService/bin/Release/net10.0 -name InferenceService.dll | head -n 1)
[ -n "$service_dll" ] || { echo "samples/InferenceService is not built (Release)" >&2; exit 1; }

pid=""
stop_service() {
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}
trap stop_service EXIT

start_service() { # start_service true|false
  ASPNETCORE_URLS="$url" Logging__LogLevel__Default=Warning \
    OnnxModels__TextDirection__MicroBatching__Enabled="$1" OnnxModels__VoiceActivity__MicroBatching__Enabled="$1" \
    dotnet "$service_dll" --contentRoot "$PWD/samples/InferenceService" >/tmp/onnxtyped-load-service.log 2>&1 &
  pid=$!
  for _ in $(seq 1200); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready" || true)" = 200 ] && return 0
    kill -0 "$pid" 2>/dev/null || { cat /tmp/onnxtyped-load-service.log >&2; return 1; }
    sleep 0.1
  done
  echo "the service was not ready in 120 s" >&2; return 1
}

echo "| endpoint | micro-batching | requests | requests/s | p50 ms | p99 ms | errors (non-2xx + socket) |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
for batching in true false; do
  start_service "$batching"
  for endpoint in "text-direction samples/InferenceService/data/text-line.png image/png" \
                  "voice-activity samples/VoiceActivity/data/speech.wav audio/wav"; do
    read -r path file type <<<"$endpoint"
    line=$(timeout $((seconds + 60)) wrk -t2 -c"$connections" -d"${seconds}s" --timeout 10s -s eng/load-test.lua "$url/$path" -- "$file" "$type" | grep '^RESULT')
    eval "${line#RESULT }"
    # shellcheck disable=SC2154 # set by the eval of wrk's RESULT line
    echo "| \`POST /$path\` | $([ "$batching" = true ] && echo on || echo off) | $requests | $rps | $p50_ms | $p99_ms | $((non2xx + socket_errors)) |"
  done
  stop_service
done
