#!/usr/bin/env bash
# The main job: runs the whole FashionServerless pipeline on this machine against Azurite.
#   training data -> trainer -> model registry -> blob trigger (func, or the same code through the CLI)
#   -> prediction records; timer code path -> metrics.
# Usage: ./demo.sh [--data <folder of <colour>_<garment> folders>] [--eval-data <folder>] [--epochs N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=$PWD

data=""
eval_data=""
epochs=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data=${2:?--data needs a folder}; shift 2 ;;
    --eval-data) eval_data=${2:?--eval-data needs a folder}; shift 2 ;;
    --epochs) epochs=${2:?--epochs needs a number}; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "demo: unknown argument '$1' (see ./demo.sh --help)" >&2; exit 2 ;;
  esac
done

out=$root/out/demo
step_name="starting"
step_number=0
started_at=$SECONDS
azurite_pid=""
func_pid=""

step() {
  step_number=$((step_number + 1))
  step_name=$1
  printf '\n==> [%d/9] %s\n' "$step_number" "$step_name"
}

cleanup() {
  local status=$?
  if [[ -n $func_pid ]]; then kill "$func_pid" 2>/dev/null || true; wait "$func_pid" 2>/dev/null || true; fi
  if [[ -n $azurite_pid ]]; then kill "$azurite_pid" 2>/dev/null || true; wait "$azurite_pid" 2>/dev/null || true; fi
  if [[ $status -ne 0 ]]; then
    echo >&2
    echo "demo: FAILED at step $step_number ($step_name), exit code $status. The output above names the cause." >&2
  fi
}
trap cleanup EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

trainer() { dotnet "$root/trainer/bin/Release/net10.0/fashion-trainer.dll" "$@"; }

export FASHIONSERVERLESS_STORAGE=UseDevelopmentStorage=true

step "Azurite (storage emulator) on 127.0.0.1:10000-10002"
command -v node >/dev/null || { echo "Node.js is required (https://nodejs.org); it runs Azurite." >&2; exit 1; }
if [[ ! -f node_modules/azurite/dist/src/azurite.js ]]; then
  echo "Installing npm dependencies (Azurite) ..."
  npm ci --no-audit --no-fund
fi
if port_open 10000; then
  echo "Reusing the storage emulator already listening on 127.0.0.1:10000."
else
  mkdir -p .azurite
  node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --loose --disableTelemetry \
    --location .azurite --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 >.azurite/azurite.log 2>&1 &
  azurite_pid=$!
  for _ in $(seq 1 60); do port_open 10000 && port_open 10001 && break; sleep 0.5; done
  port_open 10000 || { echo "Azurite did not start; see .azurite/azurite.log" >&2; exit 1; }
  echo "Started Azurite (pid $azurite_pid), data in .azurite/."
fi

step "Build the trainer (Release)"
dotnet build trainer/FashionServerless.Trainer.csproj -c Release -nologo -v quiet -clp:ErrorsOnly

step "Training and evaluation data"
if [[ -n $data ]]; then
  [[ -d $data ]] || { echo "--data: no folder '$data'" >&2; exit 3; }
  training_folder=$data
  if [[ -n $eval_data ]]; then
    evaluation_folder=$eval_data
  else
    evaluation_folder=$data
    echo "No --eval-data given: the evaluation container gets the training images too, so its figures are not on unseen images."
  fi
  samples_folder=${eval_data:-$data}
else
  rm -rf "$out/data"
  trainer synth --output "$out/data/training" --per-class 30 --seed 1
  trainer synth --output "$out/data/evaluation" --per-class 8 --seed 2
  training_folder=$out/data/training
  evaluation_folder=$out/data/evaluation
  samples_folder=$out/data/evaluation
fi
trainer upload --data "$training_folder" --container training
trainer upload --data "$evaluation_folder" --container evaluation

step "Train, export ONNX, publish and promote"
rm -rf "$out/model"
train_options=(--container training --output "$out/model" --publish)
if [[ -z $data ]]; then
  # A few hundred synthetic images: small batches give enough optimiser steps per epoch to converge quickly.
  train_options+=(--batch-size 16 --epochs "${epochs:-12}")
elif [[ -n $epochs ]]; then
  train_options+=(--epochs "$epochs")
fi
trainer train "${train_options[@]}"

step "Upload sample photos (and one bad file) to uploads/"
rm -rf "$out/uploads" && mkdir -p "$out/uploads"
# One photo of every class, under its class name, plus a text file posing as a photo.
for class_dir in "$samples_folder"/*/; do
  class=$(basename "$class_dir")
  first=$(find "$class_dir" -maxdepth 1 -type f | sort | head -n 1)
  [[ -n $first ]] && cp "$first" "$out/uploads/$class-sample.${first##*.}"
done
echo "this is not a photo" >"$out/uploads/not-a-photo.jpg"
trainer upload --data "$out/uploads" --container uploads
upload_count=$(find "$out/uploads" -type f | wc -l)

step "Classify the uploads (blob trigger)"
if command -v func >/dev/null 2>&1; then
  echo "Azure Functions Core Tools found: starting the functions app with 'func start' against Azurite."
  [[ -f functions/local.settings.json ]] || cp functions/local.settings.sample.json functions/local.settings.json
  (cd functions && exec func start --dotnet-isolated >"$out/func.log" 2>&1) &
  func_pid=$!
  for _ in $(seq 1 180); do
    done_count=$(trainer predictions --count 2>/dev/null || echo 0)
    [[ $done_count -ge $upload_count ]] && break
    kill -0 "$func_pid" 2>/dev/null || { echo "func exited early; see $out/func.log" >&2; exit 1; }
    sleep 2
  done
  [[ ${done_count:-0} -ge $upload_count ]] || { echo "Timed out waiting for $upload_count prediction records; see $out/func.log" >&2; exit 1; }
  echo "The blob trigger wrote $done_count prediction records."
else
  echo "Azure Functions Core Tools ('func') not found: classifying the uploads container with"
  echo "'fashion-trainer classify --container uploads', which runs the same shared code and writes the same records."
  trainer classify --container uploads
fi

step "Evaluate the current model (the timer function's code path)"
trainer evaluate --write-metrics

step "Predictions"
trainer predictions

step "Summary"
report=$out/model/report/report.html
echo "Model, manifest and training report: $out/model"
echo "HTML report: $report"
echo "Demo finished in $((SECONDS - started_at)) s."
