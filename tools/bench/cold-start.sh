#!/usr/bin/env bash
# Cold start through the protocol host (issue 12, target 4): process start of a fresh worker to its first classified
# upload, for one or more published function apps, interleaved so that every app sees the same machine.
#
# usage: tools/bench/cold-start.sh --model-dir DIR --photo FILE [--rounds N] APP_DIR...
#   DIR     a trained model (model.onnx + manifest.json), e.g. runs/default
#   FILE    one catalogue photo (JPEG)
#   APP_DIR a published app: dotnet publish functions -c Release -o APP_DIR
#
# Each run: a fresh Azurite on the default ports, the model published and promoted, one photo classified by a first
# worker (Azure Storage is never cold; a fresh emulator compiles its own code on its first requests), a second photo
# uploaded, and a fresh worker measured on it: "functions loaded after" (the host's view of the worker's start) plus
# the first invocation's "Success in". The machine's float32 matrix-multiply speed is printed before and after, since
# a neighbour's load changes every figure here (needs python3 with numpy; skipped without).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

usage() { sed -n 5,8p "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
model_dir="" photo="" rounds=3 apps=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model-dir) model_dir="${2:-}"; shift 2 ;;
    --photo) photo="${2:-}"; shift 2 ;;
    --rounds) rounds="${2:-}"; shift 2 ;;
    -h|--help) usage ;;
    -*) echo "cold-start: unknown option $1" >&2; usage ;;
    *) apps+=("$1"); shift ;;
  esac
done
[[ -f "$model_dir/model.onnx" && -f "$model_dir/manifest.json" ]] || { echo "cold-start: --model-dir must hold model.onnx and manifest.json; got '$model_dir'" >&2; exit 2; }
[[ -f "$photo" ]] || { echo "cold-start: --photo must be a file; got '$photo'" >&2; exit 2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "cold-start: --rounds must be a positive whole number; got '$rounds'" >&2; exit 2; }
[[ ${#apps[@]} -gt 0 ]] || { echo "cold-start: name at least one published app directory" >&2; usage; }
for app in "${apps[@]}"; do
  [[ -f "$app/worker.config.json" ]] || { echo "cold-start: $app is not a published function app (no worker.config.json)" >&2; exit 2; }
done
port_open() { (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; }
if port_open; then
  echo "cold-start: port 10000 is in use; stop the storage emulator running there (each run starts a fresh one)" >&2
  exit 2
fi

trainer=trainer/bin/Release/net10.0/fashion-trainer.dll
host=tools/worker-host/bin/Release/net10.0/fashion-worker-host.dll
[[ -f "$trainer" && -f "$host" ]] || { echo "cold-start: build first: dotnet build trainer -c Release && dotnet build tools/worker-host -c Release" >&2; exit 2; }
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$model_dir/manifest.json" | head -1)
[[ -n "$version" ]] || { echo "cold-start: $model_dir/manifest.json names no version" >&2; exit 2; }

work=$(mktemp -d)
azurite_pid=""
cleanup() { [[ -n "$azurite_pid" ]] && kill -9 "$azurite_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/first" "$work/second"
cp "$photo" "$work/first/photo.jpg"
# Listed before the first photo, so the measured worker's first invocation is the new upload.
cp "$photo" "$work/second/a.jpg"

matmul() {
  python3 - <<'PY' 2>/dev/null || echo "machine: (python3 with numpy not found)"
import time, numpy as np
a = np.random.rand(2048, 2048).astype(np.float32); b = np.random.rand(2048, 2048).astype(np.float32)
a @ b; t = time.perf_counter()
for _ in range(5): a @ b
print(f"machine: 2048x2048 float32 matmul {2 * 2048**3 * 5 / (time.perf_counter() - t) / 1e9:.0f} GFLOP/s")
PY
}

run_once() {
  local app=$1
  rm -rf "$work/azurite" && mkdir -p "$work/azurite"
  node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --loose --location "$work/azurite" \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 > "$work/azurite.log" 2>&1 &
  azurite_pid=$!
  # Node's start takes seconds on a busy machine; a minute without the port open is a failure worth its log.
  local waited=0
  until port_open; do
    if (( waited >= 600 )) || ! kill -0 "$azurite_pid" 2>/dev/null; then
      echo "cold-start: Azurite did not open port 10000; its output:" >&2; cat "$work/azurite.log" >&2; exit 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
  dotnet "$trainer" publish --model-dir "$model_dir" -q > /dev/null
  dotnet "$trainer" promote "$version" --force -q > /dev/null
  dotnet "$trainer" upload --data "$work/first" --container uploads -q > /dev/null
  dotnet "$host" --app "$app" --settings functions/local.settings.sample.json deliver-blobs --function ClassifyUpload > "$work/prime.log" 2>&1 \
    || { echo "cold-start: the priming worker failed; its output:" >&2; cat "$work/prime.log" >&2; exit 1; }
  dotnet "$trainer" upload --data "$work/second" --container uploads -q > /dev/null
  dotnet "$host" --app "$app" --settings functions/local.settings.sample.json deliver-blobs --function ClassifyUpload --verbose > "$work/run.log" 2>&1 \
    || { echo "cold-start: the measured worker failed; its output:" >&2; cat "$work/run.log" >&2; exit 1; }
  local loaded first
  loaded=$(grep -oE "functions loaded after [0-9.]+ s" "$work/run.log" | grep -oE "[0-9.]+" | head -1)
  first=$(grep -oE "Success in [0-9]+ ms" "$work/run.log" | grep -oE "[0-9]+" | head -1)
  [[ -n "$loaded" && -n "$first" ]] || { echo "cold-start: no timings in the host's output:" >&2; cat "$work/run.log" >&2; exit 1; }
  printf '%s: functions loaded after %s s, first upload %s ms, total %s s\n' "$app" "$loaded" "$first" \
    "$(awk -v l="$loaded" -v f="$first" 'BEGIN { printf "%.2f", l + f / 1000 }')"
  kill -9 "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true; azurite_pid=""
}

matmul
for _ in $(seq "$rounds"); do
  for app in "${apps[@]}"; do run_once "$app"; done
done
matmul
