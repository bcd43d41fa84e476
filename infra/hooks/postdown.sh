#!/bin/sh
# azd postdown hook (azure.yaml). Its PowerShell twin, postdown.ps1, does the same.
# `azd down` deletes the function app and the registry, but the azd environment keeps what the postdeploy hook set:
# DEPLOY_EVENTGRID_SUBSCRIPTION=true would make the next `azd up` read the blobs_extension key of a function app that
# has no code yet (the first provision fails), and TRAINER_IMAGE would name an image in the deleted registry.
# Both go back to their first-provision values.
set -u
status=0
azd env set DEPLOY_EVENTGRID_SUBSCRIPTION false || status=1
azd env set TRAINER_IMAGE "" || status=1
if [ "$status" -eq 0 ]; then
  echo "Reset DEPLOY_EVENTGRID_SUBSCRIPTION and TRAINER_IMAGE: the next 'azd up' starts like the first."
else
  echo "postdown: could not reset DEPLOY_EVENTGRID_SUBSCRIPTION and TRAINER_IMAGE; run 'azd env set DEPLOY_EVENTGRID_SUBSCRIPTION false' and 'azd env set TRAINER_IMAGE \"\"' before the next 'azd up'." >&2
fi
exit "$status"
