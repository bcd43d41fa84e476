# azd postdeploy hook for Windows (azure.yaml): the twin of postdeploy.sh, the same steps in the same order.
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
#     FIRST_RUN_DATA names a folder, seed it and start the retraining job once (first-run.ps1).
#
# Exit status: 0 when every step succeeded (no model yet included: that is reported, not a failure);
# 1 when a step failed; the summary says which, why, and what to run next.
# Bounds: HOOK_RETRY_DELAY_SECONDS (15) between tries, HOOK_KEY_ATTEMPTS (20) for the key,
# HOOK_PROVISION_ATTEMPTS (3) for each provision. SKIP_TRAINER_IMAGE_BUILD=true skips step 2.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# Exit codes of az and azd are checked one by one, as in the POSIX hook.
$PSNativeCommandUseErrorActionPreference = $false

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
Set-Location $root

function Get-Setting([string] $Name, [string] $Default) {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($value)) { return $Default }
    return $value
}

$delay = [int](Get-Setting 'HOOK_RETRY_DELAY_SECONDS' '15')
$keyAttempts = [int](Get-Setting 'HOOK_KEY_ATTEMPTS' '20')
$provisionAttempts = [int](Get-Setting 'HOOK_PROVISION_ATTEMPTS' '3')
$subscriptionName = Get-Setting 'UPLOADS_EVENT_SUBSCRIPTION_NAME' 'uploads-blob-created'

function Write-Step([string] $Text) { Write-Host ''; Write-Host "==> $Text" }

$missing = @('AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_CONTAINER_REGISTRY_NAME',
    'AZURE_CONTAINER_REGISTRY_ENDPOINT', 'PIPELINE_STORAGE_ACCOUNT_NAME', 'UPLOADS_SYSTEM_TOPIC_NAME') |
    Where-Object { [string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($_)) }
if ($missing) {
    [Console]::Error.WriteLine("postdeploy: the azd environment lacks $($missing -join ' '); run 'azd provision' first.")
    exit 1
}
$resourceGroup = $env:AZURE_RESOURCE_GROUP
$functionApp = $env:AZURE_FUNCTION_APP_NAME
$storageAccount = $env:PIPELINE_STORAGE_ACCOUNT_NAME
$systemTopic = $env:UPLOADS_SYSTEM_TOPIC_NAME

# Runs `azd provision` up to $provisionAttempts times. $Purpose says what the provision is for.
function Invoke-Provision([string] $Purpose) {
    for ($attempt = 1; ; $attempt++) {
        # Out-Host: what azd prints must not become part of this function's return value.
        azd provision --no-prompt | Out-Host
        if ($LASTEXITCODE -eq 0) { return $true }
        if ($attempt -ge $provisionAttempts) { return $false }
        Write-Host "azd provision failed (attempt $attempt of $provisionAttempts) while $Purpose. Re-applying the app settings restarts the function host, and reading its blobs_extension key or Event Grid's validation handshake fails while it restarts; trying again in ${delay}s."
        Start-Sleep -Seconds $delay
    }
}

# True once the host has a blobs_extension system key; the key itself is never printed.
function Wait-BlobsExtensionKey {
    for ($attempt = 1; ; $attempt++) {
        $key = az functionapp keys list --resource-group $resourceGroup --name $functionApp `
            --query systemKeys.blobs_extension --output tsv 2>$null
        if ($LASTEXITCODE -eq 0 -and -not [string]::IsNullOrWhiteSpace($key)) { return $true }
        if ($attempt -ge $keyAttempts) { return $false }
        Write-Host "No blobs_extension key yet (attempt $attempt of $keyAttempts): the host has not started the deployed code; trying again in ${delay}s."
        Start-Sleep -Seconds $delay
    }
}

Write-Step 'Checking the Azure CLI sign-in (az)'
$azReady = $false
if (Get-Command az -ErrorAction SilentlyContinue) {
    az account show --output none 2>$null | Out-Null
    $azReady = $LASTEXITCODE -eq 0
}
if ($azReady) {
    Write-Host 'az is signed in.'
}
else {
    Write-Host "az is missing or not signed in ('az login'): the Event Grid subscription is still created (it needs only azd), but the key wait, the trainer image build and the model check are skipped."
}

Write-Step "1/3 Event Grid subscription '$subscriptionName' (uploads -> ClassifyUpload)"
$subscriptionStatus = ''
if ($azReady -and -not (Wait-BlobsExtensionKey)) {
    $subscriptionStatus = "FAILED: the function host still has no blobs_extension key after $keyAttempts tries; the deployed code has no Event Grid blob trigger, the host does not start (see its logs in Application Insights), or az may not list its keys (see why: az functionapp keys list -g $resourceGroup -n $functionApp). Fix it, then run 'azd deploy'."
}
if (-not $subscriptionStatus) {
    azd env set DEPLOY_EVENTGRID_SUBSCRIPTION true
    if ($LASTEXITCODE -ne 0) {
        $subscriptionStatus = "FAILED: 'azd env set DEPLOY_EVENTGRID_SUBSCRIPTION true' failed."
    }
    elseif (-not (Invoke-Provision 'creating the Event Grid subscription')) {
        $subscriptionStatus = "FAILED: azd provision failed $provisionAttempts times (its errors are above). Run 'azd provision' again once the function app responds."
    }
    elseif ($azReady) {
        $state = az eventgrid system-topic event-subscription show --resource-group $resourceGroup `
            --system-topic-name $systemTopic --name $subscriptionName `
            --query provisioningState --output tsv 2>$null
        if ($state -eq 'Succeeded') {
            $subscriptionStatus = 'created (provisioning state Succeeded)'
        }
        else {
            $shown = if ($state) { $state } else { 'unknown' }
            $subscriptionStatus = "FAILED: provisioning state is '$shown', not Succeeded; see 'az eventgrid system-topic event-subscription show -g $resourceGroup --system-topic-name $systemTopic -n $subscriptionName'."
        }
    }
    else {
        $subscriptionStatus = 'created (not verified: az is not signed in)'
    }
}
Write-Host "Event Grid subscription: $subscriptionStatus"

Write-Step '2/3 Trainer image (the retraining job''s container)'
$imageStatus = ''
if ((Get-Setting 'SKIP_TRAINER_IMAGE_BUILD' 'false') -eq 'true') {
    $imageStatus = "skipped (SKIP_TRAINER_IMAGE_BUILD=true); the job keeps $(Get-Setting 'TRAINER_IMAGE' 'the placeholder image')"
}
elseif (-not $azReady) {
    $imageStatus = "FAILED: az is not signed in; run 'az login', then 'azd hooks run postdeploy'."
}
else {
    $tag = [DateTime]::UtcNow.ToString('yyyyMMddHHmmss', [Globalization.CultureInfo]::InvariantCulture)
    $image = "$($env:AZURE_CONTAINER_REGISTRY_ENDPOINT)/fashion-trainer:$tag"
    Write-Host "Building $image with az acr build..."
    az acr build --registry $env:AZURE_CONTAINER_REGISTRY_NAME --image "fashion-trainer:$tag" `
        --image 'fashion-trainer:latest' --file trainer/Dockerfile .
    if ($LASTEXITCODE -ne 0) {
        $imageStatus = "FAILED: az acr build was refused (ACR Tasks are unavailable on some subscriptions). Build and push with Docker instead (infra/README.md, 'Rebuild or roll the trainer image'), run 'azd env set TRAINER_IMAGE <image>' and 'azd provision', and set SKIP_TRAINER_IMAGE_BUILD=true."
    }
    else {
        azd env set TRAINER_IMAGE $image
        if ($LASTEXITCODE -ne 0) {
            $imageStatus = "FAILED: 'azd env set TRAINER_IMAGE $image' failed."
        }
        elseif (-not (Invoke-Provision "pointing the retraining job at $image")) {
            $imageStatus = "FAILED: $image is built, but azd provision failed $provisionAttempts times; run 'azd provision' to point the job at it."
        }
        else {
            $imageStatus = $image
        }
    }
}
Write-Host "Trainer image: $imageStatus"

Write-Step '3/3 Model'
$modelStatus = ''
$modelFailed = $false
if (-not $azReady) {
    $modelStatus = 'unknown (az is not signed in)'
}
else {
    $exists = az storage blob exists --auth-mode login --account-name $storageAccount `
        --container-name models --name current.json --query exists --output tsv 2>$null
    $firstRunData = Get-Setting 'FIRST_RUN_DATA' ''
    if ($exists -eq 'true') {
        $modelStatus = 'current (models/current.json exists)'
    }
    elseif ($exists -ne 'false') {
        $modelStatus = 'unknown: could not read models/current.json (your Storage Blob Data Contributor role can take a few minutes to apply)'
    }
    elseif ($firstRunData) {
        Write-Host 'No model yet; FIRST_RUN_DATA is set, so seeding it and starting the retraining job once.'
        $firstRun = @{ Data = $firstRunData }
        $firstRunEvalData = Get-Setting 'FIRST_RUN_EVAL_DATA' ''
        if ($firstRunEvalData) { $firstRun.EvalData = $firstRunEvalData }
        # The script ends with an explicit exit code, which lands in $LASTEXITCODE.
        & (Join-Path $root 'infra/hooks/first-run.ps1') @firstRun
        if ($LASTEXITCODE -eq 0) {
            $modelStatus = "none yet: training started from $firstRunData (first-run.ps1 above); uploads are classified once it promotes a model"
        }
        else {
            $modelStatus = "NONE YET: the first run from $firstRunData failed (its error is above)"
            $modelFailed = $true
        }
    }
    else {
        $modelStatus = 'NONE YET'
        Write-Host "NO MODEL YET: models/current.json does not exist in $storageAccount."
        Write-Host 'Until a model is promoted, every upload is retried 5 times (host.json poisonBlobThreshold) and then parked'
        Write-Host "on the 'webjobs-blobtrigger-poison' queue of $storageAccount, without a prediction record."
        Write-Host 'Seed the training data and train once (a folder of <colour>_<garment>/ photos):'
        Write-Host '  ./infra/hooks/first-run.ps1 -Data <folder>        (POSIX: sh infra/hooks/first-run.sh --data <folder>)'
        Write-Host 'or let this hook do it: azd env set FIRST_RUN_DATA <folder>; azd hooks run postdeploy'
        Write-Host "Then classify what was parked: infra/README.md, 'Backfill'."
    }
}

Write-Step 'Summary'
Write-Host "Event Grid subscription: $subscriptionStatus"
Write-Host "Trainer image:           $imageStatus"
Write-Host "Model:                   $modelStatus"
if ("$subscriptionStatus$imageStatus" -like '*FAILED*' -or $modelFailed) { exit 1 }
exit 0
