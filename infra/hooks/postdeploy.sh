#!/bin/sh
# azd postdeploy hook (azure.yaml). Its PowerShell twin, postdeploy.ps1, takes the same steps in the same order.
# Runs after the function code is deployed, with the azd environment's values (main.bicep outputs) exported.
#
#  1. Event Grid subscription, first: it is what wires uploads to ClassifyUpload, and it needs nothing but azd.
#     Its webhook URL embeds the Functions host's blobs_extension system key, which exists only once the
#     deployed code (with the Event Grid blob trigger) has started, so the hook waits for that key (when az is
#     signed in) and then re-provisions with DEPLOY_EVENTGRID_SUBSCRIPTION=true. Re-provisioning re-applies the
#     app settings, which restarts the host, and the template's key read or Event Grid's validation handshake
#     can fail while it restarts: each wait and each provision is retried a bounded number of times.
#  2. Trainer image, independent of step 1: `az acr build`, then a re-provision that points the retraining
#     job at it. A refused build (no ACR Tasks on the subscription, no az login) fails this step only.
#  3. Model: without models/current.json every upload is retried and then poisoned. Say so loudly, and when
#     FIRST_RUN_DATA names a folder, seed it and start the retraining job once (first-run.sh).
#
# Exit status: 0 when every step succeeded (no model yet included: that is reported, not a failure);
# 1 when a step failed; the summary says which, why, and what to run next.
# Bounds: HOOK_RETRY_DELAY_SECONDS (15) between tries, HOOK_KEY_ATTEMPTS (20) for the key,
# HOOK_PROVISION_ATTEMPTS (3) for each provision. SKIP_TRAINER_IMAGE_BUILD=true skips step 2.
set -u
export LC_ALL=C

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root" || exit 1

delay="${HOOK_RETRY_DELAY_SECONDS:-15}"
key_attempts="${HOOK_KEY_ATTEMPTS:-20}"
provision_attempts="${HOOK_PROVISION_ATTEMPTS:-3}"
subscription_name="${UPLOADS_EVENT_SUBSCRIPTION_NAME:-uploads-blob-created}"

step() { printf '\n==> %s\n' "$*"; }
say() { printf '%s\n' "$*"; }

missing=""
for name in AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME AZURE_CONTAINER_REGISTRY_NAME \
  AZURE_CONTAINER_REGISTRY_ENDPOINT PIPELINE_STORAGE_ACCOUNT_NAME UPLOADS_SYSTEM_TOPIC_NAME; do
  eval "value=\${$name:-}"
  [ -n "$value" ] || missing="$missing $name"
done
if [ -n "$missing" ]; then
  say "postdeploy: the azd environment lacks$missing; run 'azd provision' first." >&2
  exit 1
fi

# Runs `azd provision` up to provision_attempts times. $1 says what the provision is for.
provision() {
  attempt=1
  while :; do
    if azd provision --no-prompt; then
      return 0
    fi
    if [ "$attempt" -ge "$provision_attempts" ]; then
      return 1
    fi
    say "azd provision failed (attempt $attempt of $provision_attempts) while $1. Re-applying the app settings restarts the function host, and reading its blobs_extension key or Event Grid's validation handshake fails while it restarts; trying again in ${delay}s."
    attempt=$((attempt + 1))
    sleep "$delay"
  done
}

# Succeeds once the host has a blobs_extension system key; the key itself is never printed.
wait_for_blobs_extension_key() {
  attempt=1
  while :; do
    key="$(az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
      --query systemKeys.blobs_extension --output tsv 2>/dev/null)"
    if [ -n "$key" ]; then
      key=""
      return 0
    fi
    if [ "$attempt" -ge "$key_attempts" ]; then
      return 1
    fi
    say "No blobs_extension key yet (attempt $attempt of $key_attempts): the host has not started the deployed code; trying again in ${delay}s."
    attempt=$((attempt + 1))
    sleep "$delay"
  done
}

step "Checking the Azure CLI sign-in (az)"
if command -v az >/dev/null 2>&1 && az account show --output none >/dev/null 2>&1; then
  az_ready=true
  say "az is signed in."
else
  az_ready=false
  say "az is missing or not signed in ('az login'): the Event Grid subscription is still created (it needs only azd), but the key wait, the trainer image build and the model check are skipped."
fi

step "1/3 Event Grid subscription '$subscription_name' (uploads -> ClassifyUpload)"
subscription_status=""
if [ "$az_ready" = true ] && ! wait_for_blobs_extension_key; then
  subscription_status="FAILED: the function host still has no blobs_extension key after $key_attempts tries; the deployed code has no Event Grid blob trigger, the host does not start (see its logs in Application Insights), or az may not list its keys (see why: az functionapp keys list -g $AZURE_RESOURCE_GROUP -n $AZURE_FUNCTION_APP_NAME). Fix it, then run 'azd deploy'."
fi
if [ -z "$subscription_status" ]; then
  if ! azd env set DEPLOY_EVENTGRID_SUBSCRIPTION true; then
    subscription_status="FAILED: 'azd env set DEPLOY_EVENTGRID_SUBSCRIPTION true' failed."
  elif ! provision "creating the Event Grid subscription"; then
    subscription_status="FAILED: azd provision failed $provision_attempts times (its errors are above). Run 'azd provision' again once the function app responds."
  elif [ "$az_ready" = true ]; then
    state="$(az eventgrid system-topic event-subscription show --resource-group "$AZURE_RESOURCE_GROUP" \
      --system-topic-name "$UPLOADS_SYSTEM_TOPIC_NAME" --name "$subscription_name" \
      --query provisioningState --output tsv 2>/dev/null)"
    if [ "$state" = "Succeeded" ]; then
      subscription_status="created (provisioning state Succeeded)"
    else
      subscription_status="FAILED: provisioning state is '${state:-unknown}', not Succeeded; see 'az eventgrid system-topic event-subscription show -g $AZURE_RESOURCE_GROUP --system-topic-name $UPLOADS_SYSTEM_TOPIC_NAME -n $subscription_name'."
    fi
  else
    subscription_status="created (not verified: az is not signed in)"
  fi
fi
say "Event Grid subscription: $subscription_status"

step "2/3 Trainer image (the retraining job's container)"
image_status=""
if [ "${SKIP_TRAINER_IMAGE_BUILD:-false}" = "true" ]; then
  image_status="skipped (SKIP_TRAINER_IMAGE_BUILD=true); the job keeps ${TRAINER_IMAGE:-the placeholder image}"
elif [ "$az_ready" != true ]; then
  image_status="FAILED: az is not signed in; run 'az login', then 'azd hooks run postdeploy'."
else
  tag="$(date -u +%Y%m%d%H%M%S)"
  image="$AZURE_CONTAINER_REGISTRY_ENDPOINT/fashion-trainer:$tag"
  say "Building $image with az acr build..."
  if ! az acr build --registry "$AZURE_CONTAINER_REGISTRY_NAME" --image "fashion-trainer:$tag" \
    --image "fashion-trainer:latest" --file trainer/Dockerfile .; then
    image_status="FAILED: az acr build was refused (ACR Tasks are unavailable on some subscriptions). Build and push with Docker instead (infra/README.md, 'Rebuild or roll the trainer image'), run 'azd env set TRAINER_IMAGE <image>' and 'azd provision', and set SKIP_TRAINER_IMAGE_BUILD=true."
  elif ! azd env set TRAINER_IMAGE "$image"; then
    image_status="FAILED: 'azd env set TRAINER_IMAGE $image' failed."
  elif ! provision "pointing the retraining job at $image"; then
    image_status="FAILED: $image is built, but azd provision failed $provision_attempts times; run 'azd provision' to point the job at it."
  else
    image_status="$image"
  fi
fi
say "Trainer image: $image_status"

step "3/3 Model"
model_status=""
model_failed=false
if [ "$az_ready" != true ]; then
  model_status="unknown (az is not signed in)"
else
  exists="$(az storage blob exists --auth-mode login --account-name "$PIPELINE_STORAGE_ACCOUNT_NAME" \
    --container-name models --name current.json --query exists --output tsv 2>/dev/null)"
  if [ "$exists" = "true" ]; then
    model_status="current (models/current.json exists)"
  elif [ "$exists" != "false" ]; then
    model_status="unknown: could not read models/current.json (your Storage Blob Data Contributor role can take a few minutes to apply)"
  elif [ -n "${FIRST_RUN_DATA:-}" ]; then
    say "No model yet; FIRST_RUN_DATA is set, so seeding it and starting the retraining job once."
    if [ -n "${FIRST_RUN_EVAL_DATA:-}" ]; then
      set -- --data "$FIRST_RUN_DATA" --eval-data "$FIRST_RUN_EVAL_DATA"
    else
      set -- --data "$FIRST_RUN_DATA"
    fi
    if sh "$root/infra/hooks/first-run.sh" "$@"; then
      model_status="none yet: training started from $FIRST_RUN_DATA (first-run.sh above); uploads are classified once it promotes a model"
    else
      model_status="NONE YET: the first run from $FIRST_RUN_DATA failed (its error is above)"
      model_failed=true
    fi
  else
    model_status="NONE YET"
    say "NO MODEL YET: models/current.json does not exist in $PIPELINE_STORAGE_ACCOUNT_NAME."
    say "Until a model is promoted, every upload is retried 5 times (host.json poisonBlobThreshold) and then parked"
    say "on the 'webjobs-blobtrigger-poison' queue of $PIPELINE_STORAGE_ACCOUNT_NAME, without a prediction record."
    say "Seed the training data and train once (a folder of <colour>_<garment>/ photos):"
    say "  sh infra/hooks/first-run.sh --data <folder>        (PowerShell: ./infra/hooks/first-run.ps1 -Data <folder>)"
    say "or let this hook do it: azd env set FIRST_RUN_DATA <folder> && azd hooks run postdeploy"
    say "Then classify what was parked: infra/README.md, 'Backfill'."
  fi
fi

step "Summary"
say "Event Grid subscription: $subscription_status"
say "Trainer image:           $image_status"
say "Model:                   $model_status"
case "$subscription_status$image_status" in
  *FAILED*) exit 1 ;;
esac
[ "$model_failed" = true ] && exit 1
exit 0
