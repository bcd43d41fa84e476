#!/usr/bin/env bash
# The main job: runs the whole FashionServerless pipeline on this machine against Azurite.
#   training data -> trainer -> model registry -> blob trigger (func start, or the real worker process through the
#   tools/worker-host stand-in) -> prediction records; timer -> metrics.
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
  printf '\n==> [%d/10] %s\n' "$step_number" "$step_name"
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

functions_output=$root/functions/bin/Release/net10.0
# The stand-in for the Functions host: the real worker (functions' build output) over the host protocol, with the
# sample's app settings (Azurite on the default ports, as this demo uses).
worker_host() {
  dotnet "$root/tools/worker-host/bin/Release/net10.0/fashion-worker-host.dll" \
    --app "$functions_output" --settings "$root/functions/local.settings.sample.json" "$@"
}

# One BlobCreated event per upload to func's local blob extension endpoint, as Event Grid posts them in Azure (the
# Flex Consumption quickstart does the same against Azurite). The blob must exist; the URL names container and blob.
post_blob_created() {
  local name=$1
  curl --silent --show-error --fail --max-time 30 -X POST \
    "http://localhost:7071/runtime/webhooks/blobs?functionName=Host.Functions.ClassifyUpload" \
    -H "Content-Type: application/json" -H "aeg-event-type: Notification" \
    --data-binary @- >/dev/null <<EOF
[{
  "id": "$(date +%s%N)-$RANDOM",
  "topic": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1",
  "subject": "/blobServices/default/containers/uploads/blobs/$name",
  "eventType": "Microsoft.Storage.BlobCreated",
  "eventTime": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "dataVersion": "",
  "metadataVersion": "1",
  "data": {
    "api": "PutBlob",
    "blobType": "BlockBlob",
    "url": "https://devstoreaccount1.blob.core.windows.net/uploads/$name"
  }
}]
EOF
}

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
  for _ in $(seq 1 240); do port_open 10000 && port_open 10001 && break; sleep 0.5; done
  port_open 10000 || { echo "Azurite did not start; see .azurite/azurite.log" >&2; exit 1; }
  echo "Started Azurite (pid $azurite_pid), data in .azurite/."
fi

step "Build the trainer, the functions and the worker host (Release)"
dotnet build trainer/FashionServerless.Trainer.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build functions/FashionServerless.Functions.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tools/worker-host/FashionServerless.WorkerHost.csproj -c Release -nologo -v quiet -clp:ErrorsOnly

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
  echo "Azure Functions Core Tools found: starting the functions app with 'func start' against Azurite, then posting one"
  echo "BlobCreated event per upload to its blob extension endpoint (the trigger's source is Event Grid, as in Azure)."
  command -v curl >/dev/null || { echo "curl is required to post the BlobCreated events to func." >&2; exit 1; }
  [[ -f functions/local.settings.json ]] || cp functions/local.settings.sample.json functions/local.settings.json
  (cd functions && exec func start --dotnet-isolated >"$out/func.log" 2>&1) &
  func_pid=$!
  for _ in $(seq 1 120); do
    curl --silent --fail --max-time 5 http://localhost:7071/admin/host/status 2>/dev/null | grep -q '"state": *"Running"' && break
    kill -0 "$func_pid" 2>/dev/null || { echo "func exited early; see $out/func.log" >&2; exit 1; }
    sleep 2
  done
  for file in "$out/uploads"/*; do
    post_blob_created "$(basename "$file")"
  done
  for _ in $(seq 1 90); do
    done_count=$(trainer predictions --count 2>/dev/null || echo 0)
    [[ $done_count -ge $upload_count ]] && break
    kill -0 "$func_pid" 2>/dev/null || { echo "func exited early; see $out/func.log" >&2; exit 1; }
    sleep 2
  done
  [[ ${done_count:-0} -ge $upload_count ]] || { echo "Timed out waiting for $upload_count prediction records; see $out/func.log" >&2; exit 1; }
  echo "The blob trigger wrote $done_count prediction records."
else
  echo "Azure Functions Core Tools ('func') not found. 'func start' is the supported local host; standing in for it,"
  echo "tools/worker-host starts the real worker process ($functions_output) over the Functions host protocol and"
  echo "delivers each upload to ClassifyUpload, one invocation per upload, as the blob trigger would."
  worker_host deliver-blobs --function ClassifyUpload
fi

step "Evaluate the current model (the timer function)"
if [[ -n $func_pid ]]; then
  # func fires the timer on its schedule only; the trainer runs the timer's own code (ModelEvaluationService) now.
  trainer evaluate --write-metrics
else
  echo "Firing the EvaluateModel timer once through the same stand-in host (the real worker process)."
  worker_host run-timer --function EvaluateModel
fi

step "Predictions"
trainer predictions
# The decisions are on the uploads too, as blob index tags: a tag query answers without reading any record.
query="\"garment\" = 'dress' AND \"colour\" = 'blue'"
echo
echo "Blue dresses by their blob index tags (Find Blobs by Tags on uploads/, as 'az storage blob filter' runs it):"
echo "fashion-trainer predictions --where \"$query\""
trainer predictions --where "$query"

step "Review uploads: one feedback round, live accuracy and the dashboard"
# A reviewer confirms three photos' labels (their file names say their class; this also replaces reviews from an earlier
# run), the timer's code scores the reviews, then the reviewer corrects the third photo's garment and live accuracy
# changes on the next evaluation.
mapfile -t reviewed < <(find "$out/uploads" -type f -name '*_*-sample.*' -printf '%f\n' | sort | head -n 3)
for name in "${reviewed[@]}"; do
  class=${name%-sample.*}
  trainer feedback "$name" --labels "${class%%_*},${class#*_}" --reviewer demo
done
trainer evaluate --write-metrics | grep -E '^(Live accuracy|Reviews:)'
class=${reviewed[2]%-sample.*}
garment=${class#*_}
[[ $garment == dress ]] && corrected=pants || corrected=dress
trainer feedback "${reviewed[2]}" --labels "${class%%_*},$corrected" --reviewer demo
trainer evaluate --write-metrics | grep -E '^(Live accuracy|Reviews:)'
trainer report --output "$out/dashboard/index.html"

step "Summary"
report=$out/model/report/report.html
echo "Model, manifest and training report: $out/model"
echo "HTML report: $report"
echo "Dashboard: $out/dashboard/index.html (in storage: metrics/dashboard/index.html)"
echo "Demo finished in $((SECONDS - started_at)) s."
