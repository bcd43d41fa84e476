#!/bin/sh
# First run after `azd up`: seed the `training` and `evaluation` containers from a local folder of labelled
# photos and start the retraining job once, so that a model gets promoted and uploads get classified.
# Its PowerShell twin, first-run.ps1, takes the same steps in the same order. postdeploy.sh runs it when the
# azd environment has FIRST_RUN_DATA (and optionally FIRST_RUN_EVAL_DATA).
#
# Usage: sh infra/hooks/first-run.sh --data DIR [--eval-data DIR] [--wait]
#   --data DIR       photos in <colour>_<garment>/ folders (lower-case letters, e.g. black_dress/). Without
#                    --eval-data, every 7th photo of each class (in name order) goes to `evaluation` and the
#                    rest to `training`, so the promotion gate and the daily evaluation score unseen photos.
#   --eval-data DIR  a separate labelled set for `evaluation`; all of --data then goes to `training`.
#   --wait           follow the job execution to its end and check that a model is current.
# Needs az (signed in; the containerapp extension), azd (the environment selected) and the .NET SDK: the
# upload is the trainer's own `upload` command, which skips photos already uploaded unchanged.
# Exit status: 0 the job was started (with --wait: it succeeded and a model is current); 1 a step failed;
# 2 wrong usage or data. Nothing is uploaded when the folders are not valid.
# Bounds: HOOK_RETRY_DELAY_SECONDS (15) and HOOK_UPLOAD_ATTEMPTS (3) for the uploads (a new role assignment
# takes minutes to apply); FIRST_RUN_POLL_SECONDS (30) and FIRST_RUN_MAX_POLLS (360) for --wait.
set -u
export LC_ALL=C

root="$(cd "$(dirname "$0")/../.." && pwd)"
holdout_every=7
min_images_per_class=5

fail() { printf 'first-run: %s\n' "$*" >&2; exit 1; }
usage() { printf 'first-run: %s\nusage: sh infra/hooks/first-run.sh --data DIR [--eval-data DIR] [--wait]\n' "$*" >&2; exit 2; }
say() { printf '%s\n' "$*"; }

data=""
eval_data=""
wait_for_end=false
while [ $# -gt 0 ]; do
  case "$1" in
    --data) [ $# -ge 2 ] || usage "--data needs a folder"; data="$2"; shift 2 ;;
    --eval-data) [ $# -ge 2 ] || usage "--eval-data needs a folder"; eval_data="$2"; shift 2 ;;
    --wait) wait_for_end=true; shift ;;
    *) usage "unknown argument '$1'" ;;
  esac
done
[ -n "$data" ] || usage "--data is required"

# Every entry of $1 must be a <colour>_<garment> folder (as the trainer requires) with at least one photo;
# hidden files (names starting with a dot) are ignored, here and in the split.
check_classes() {
  [ -d "$1" ] || usage "'$1' is not a folder"
  classes=0
  for entry in "$1"/*; do
    [ -e "$entry" ] || continue
    name="${entry##*/}"
    [ -d "$entry" ] || usage "'$entry' is not inside a <colour>_<garment>/ folder, so its labels are unknown"
    # [a-z]+_[a-z]+: only lower-case letters and one underscore, neither first nor last.
    case "$name" in
      *[!a-z_]* | _* | *_ | *_*_*) usage "'$name' is not <colour>_<garment> (lower-case letters, e.g. black_dress)" ;;
      *_*) ;;
      *) usage "'$name' is not <colour>_<garment> (lower-case letters, e.g. black_dress)" ;;
    esac
    count=0
    for file in "$entry"/*; do
      [ -f "$file" ] && count=$((count + 1))
    done
    [ "$count" -gt 0 ] || usage "the class folder '$entry' has no photos"
    classes=$((classes + 1))
  done
  [ "$classes" -gt 0 ] || usage "'$1' has no <colour>_<garment>/ class folders"
}

if [ -z "${AZURE_RESOURCE_GROUP:-}" ] || [ -z "${RETRAINING_JOB_NAME:-}" ]; then
  values="$(azd env get-values)" || fail "could not read the azd environment ('azd env select <name>' first)"
  eval "$values"
fi
for name in AZURE_RESOURCE_GROUP RETRAINING_JOB_NAME PIPELINE_STORAGE_ACCOUNT_NAME PIPELINE_STORAGE_BLOB_ENDPOINT; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || fail "the azd environment has no $name; run 'azd provision' first"
done

say "==> Checking the photos"
check_classes "$data"
[ -z "$eval_data" ] || check_classes "$eval_data"

staging=""
trap '[ -n "$staging" ] && rm -rf "$staging"' EXIT
if [ -n "$eval_data" ]; then
  training_dir="$data"
  evaluation_dir="$eval_data"
else
  # Hard links (copies across file systems) into two staging folders: every holdout_every-th photo of each
  # class, in byte order of the names, for evaluation.
  staging="$(mktemp -d)" || fail "could not create a staging folder"
  training_dir="$staging/training"
  evaluation_dir="$staging/evaluation"
  for class_dir in "$data"/*; do
    [ -d "$class_dir" ] || continue
    class="${class_dir##*/}"
    mkdir -p "$training_dir/$class" "$evaluation_dir/$class"
    index=0
    for file in "$class_dir"/*; do
      [ -f "$file" ] || continue
      index=$((index + 1))
      if [ $((index % holdout_every)) -eq 0 ]; then target="$evaluation_dir/$class"; else target="$training_dir/$class"; fi
      ln "$file" "$target/" 2>/dev/null || cp "$file" "$target/" || fail "could not stage '$file'"
    done
  done
fi
for class_dir in "$training_dir"/*; do
  [ -d "$class_dir" ] || continue
  count=0
  for file in "$class_dir"/*; do
    [ -f "$file" ] && count=$((count + 1))
  done
  [ "$count" -ge "$min_images_per_class" ] || usage "class '${class_dir##*/}' has $count training photos; the trainer needs at least $min_images_per_class"
done

say "==> Checking the retraining job $RETRAINING_JOB_NAME"
image="$(az containerapp job show --name "$RETRAINING_JOB_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --query "properties.template.containers[0].image" --output tsv)" || fail "could not read the job (is az signed in, with the containerapp extension?)"
case "$image" in
  */fashion-trainer:*) say "The job runs $image." ;;
  *) fail "the job runs '$image', not the trainer image; build it first ('azd deploy' runs the build; infra/README.md, 'Rebuild or roll the trainer image')" ;;
esac
running="$(az containerapp job execution list --name "$RETRAINING_JOB_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --query "[?properties.status=='Running'].name" --output tsv)" || fail "could not list the job's executions"
[ -z "$running" ] || fail "a retraining execution is already running ($running); wait for it: az containerapp job execution show -n $RETRAINING_JOB_NAME -g $AZURE_RESOURCE_GROUP --job-execution-name <name>"

say "==> Uploading the photos to $PIPELINE_STORAGE_BLOB_ENDPOINT (the trainer's upload command)"
dotnet build "$root/trainer/FashionServerless.Trainer.csproj" -c Release --nologo -v quiet || fail "could not build the trainer"
upload() {
  attempt=1
  attempts="${HOOK_UPLOAD_ATTEMPTS:-3}"
  while :; do
    if dotnet run --no-build --project "$root/trainer/FashionServerless.Trainer.csproj" -c Release -- \
      upload --data "$1" --container "$2" --storage "$PIPELINE_STORAGE_BLOB_ENDPOINT"; then
      return 0
    fi
    [ "$attempt" -lt "$attempts" ] || return 1
    say "Upload to '$2' failed (attempt $attempt of $attempts); a new role assignment takes a few minutes to apply. Trying again in ${HOOK_RETRY_DELAY_SECONDS:-15}s."
    attempt=$((attempt + 1))
    sleep "${HOOK_RETRY_DELAY_SECONDS:-15}"
  done
}
upload "$training_dir" training || fail "could not upload to 'training'; you need Storage Blob Data Contributor on $PIPELINE_STORAGE_ACCOUNT_NAME (main.bicep grants it to AZURE_PRINCIPAL_ID)"
upload "$evaluation_dir" evaluation || fail "could not upload to 'evaluation'"

say "==> Starting the retraining job"
execution="$(az containerapp job start --name "$RETRAINING_JOB_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
  --query name --output tsv)" || fail "could not start the job"
say "Started execution $execution. Follow it with:"
say "  az containerapp job execution show -n $RETRAINING_JOB_NAME -g $AZURE_RESOURCE_GROUP --job-execution-name $execution --query properties.status"
say "Until it promotes a model, uploads are retried and then parked on the 'webjobs-blobtrigger-poison' queue."
[ "$wait_for_end" = true ] || exit 0

say "==> Waiting for $execution"
polls=0
while :; do
  status="$(az containerapp job execution show --name "$RETRAINING_JOB_NAME" --resource-group "$AZURE_RESOURCE_GROUP" \
    --job-execution-name "$execution" --query properties.status --output tsv 2>/dev/null)"
  case "$status" in
    Succeeded) break ;;
    Failed | Stopped | Degraded) fail "execution $execution ended $status; its console output is in Log Analytics (ContainerAppConsoleLogs)" ;;
  esac
  polls=$((polls + 1))
  [ "$polls" -lt "${FIRST_RUN_MAX_POLLS:-360}" ] || fail "execution $execution is still '${status:-unknown}' after $polls checks; follow it with the command above"
  sleep "${FIRST_RUN_POLL_SECONDS:-30}"
done
exists="$(az storage blob exists --auth-mode login --account-name "$PIPELINE_STORAGE_ACCOUNT_NAME" \
  --container-name models --name current.json --query exists --output tsv)"
[ "$exists" = "true" ] || fail "execution $execution succeeded, but models/current.json does not exist: the promotion gate refused the model (its reason is in the job's console output)"
say "A model is current (models/current.json): new uploads are classified. Classify what was parked: infra/README.md, 'Backfill'."
