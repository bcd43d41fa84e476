# azd postdown hook for Windows (azure.yaml): the twin of postdown.sh.
# `azd down` deletes the function app and the registry, but the azd environment keeps what the postdeploy hook set:
# DEPLOY_EVENTGRID_SUBSCRIPTION=true would make the next `azd up` read the blobs_extension key of a function app that
# has no code yet (the first provision fails), and TRAINER_IMAGE would name an image in the deleted registry.
# Both go back to their first-provision values.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$status = 0
azd env set DEPLOY_EVENTGRID_SUBSCRIPTION false
if ($LASTEXITCODE -ne 0) { $status = 1 }
azd env set TRAINER_IMAGE ''
if ($LASTEXITCODE -ne 0) { $status = 1 }
if ($status -eq 0) {
    Write-Host "Reset DEPLOY_EVENTGRID_SUBSCRIPTION and TRAINER_IMAGE: the next 'azd up' starts like the first."
}
else {
    [Console]::Error.WriteLine("postdown: could not reset DEPLOY_EVENTGRID_SUBSCRIPTION and TRAINER_IMAGE; run 'azd env set DEPLOY_EVENTGRID_SUBSCRIPTION false' and 'azd env set TRAINER_IMAGE """"' before the next 'azd up'.")
}
exit $status
