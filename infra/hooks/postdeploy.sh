#!/bin/sh
# azd postdeploy hook (azure.yaml). Runs after the function code is deployed, with the azd environment's
# values (main.bicep outputs) exported. Two things need the deployed state, so they happen here:
#  1. the trainer image is built in the registry (az acr build: no local Docker needed) and the retraining
#     job is pointed at it;
#  2. the Event Grid subscription is created: its webhook URL embeds the Functions host's blobs_extension
#     system key, which exists only once the code with the Event Grid blob trigger is deployed.
# Both are applied by re-running `azd provision` (idempotent) with the new environment values.
set -eu

: "${AZURE_CONTAINER_REGISTRY_NAME:?run azd provision first}"
: "${AZURE_CONTAINER_REGISTRY_ENDPOINT:?run azd provision first}"

if [ "${SKIP_TRAINER_IMAGE_BUILD:-false}" != "true" ]; then
  tag="$(date -u +%Y%m%d%H%M%S)"
  echo "Building fashion-trainer:${tag} in ${AZURE_CONTAINER_REGISTRY_NAME}..."
  az acr build \
    --registry "${AZURE_CONTAINER_REGISTRY_NAME}" \
    --image "fashion-trainer:${tag}" \
    --image "fashion-trainer:latest" \
    --file trainer/Dockerfile \
    .
  azd env set TRAINER_IMAGE "${AZURE_CONTAINER_REGISTRY_ENDPOINT}/fashion-trainer:${tag}"
fi

azd env set DEPLOY_EVENTGRID_SUBSCRIPTION true
azd provision --no-prompt
