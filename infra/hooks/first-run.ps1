# First run after `azd up`: seed the `training` and `evaluation` containers from a local folder of labelled
# photos and start the retraining job once, so that a model gets promoted and uploads get classified.
# The twin of first-run.sh: the same steps in the same order. postdeploy.ps1 runs it when the azd environment
# has FIRST_RUN_DATA (and optionally FIRST_RUN_EVAL_DATA).
#
# Usage: ./infra/hooks/first-run.ps1 -Data DIR [-EvalData DIR] [-Wait]
#   -Data DIR       photos in <colour>_<garment>/ folders (lower-case letters, e.g. black_dress/). Without
#                   -EvalData, every 7th photo of each class (in name order) goes to `evaluation` and the
#                   rest to `training`, so the promotion gate and the daily evaluation score unseen photos.
#   -EvalData DIR   a separate labelled set for `evaluation`; all of -Data then goes to `training`.
#   -Wait           follow the job execution to its end and check that a model is current.
# Needs az (signed in; the containerapp extension), azd (the environment selected) and the .NET SDK: the
# upload is the trainer's own `upload` command, which skips photos already uploaded unchanged.
# Exit status: 0 the job was started (with -Wait: it succeeded and a model is current); 1 a step failed;
# 2 wrong usage or data. Nothing is uploaded when the folders are not valid.
# Bounds: HOOK_RETRY_DELAY_SECONDS (15) and HOOK_UPLOAD_ATTEMPTS (3) for the uploads (a new role assignment
# takes minutes to apply); FIRST_RUN_POLL_SECONDS (30) and FIRST_RUN_MAX_POLLS (360) for -Wait.
param(
    [string] $Data = '',
    [string] $EvalData = '',
    [switch] $Wait
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $false

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$holdoutEvery = 7
$minImagesPerClass = 5

# Ends the script with a message and exit code 1 (a step failed) or 2 (usage or data).
class FirstRunStop : Exception {
    [int] $Code
    FirstRunStop([string] $message, [int] $code) : base($message) { $this.Code = $code }
}
function Stop-Failed([string] $Message) { throw [FirstRunStop]::new($Message, 1) }
function Stop-Usage([string] $Message) { throw [FirstRunStop]::new($Message, 2) }

function Get-Setting([string] $Name, [string] $Default) {
    $value = [Environment]::GetEnvironmentVariable($Name)
    if ([string]::IsNullOrEmpty($value)) { return $Default }
    return $value
}

# Visible entries of a folder (names starting with a dot are ignored, as the POSIX glob does), in ordinal
# (byte) order of their names, which is the order the POSIX twin's globs use under LC_ALL=C.
function Get-Entries([string] $Path) {
    [object[]] $entries = @(Get-ChildItem -LiteralPath $Path -Force | Where-Object { -not $_.Name.StartsWith('.') })
    [string[]] $names = @($entries | ForEach-Object Name)
    [Array]::Sort($names, $entries, [StringComparer]::Ordinal)
    return $entries
}

# Every entry of $Path must be a <colour>_<garment> folder (as the trainer requires) with at least one photo.
function Test-Classes([string] $Path) {
    if (-not (Test-Path -LiteralPath $Path -PathType Container)) { Stop-Usage "'$Path' is not a folder" }
    $classes = 0
    foreach ($entry in (Get-Entries $Path)) {
        if (-not $entry.PSIsContainer) { Stop-Usage "'$($entry.FullName)' is not inside a <colour>_<garment>/ folder, so its labels are unknown" }
        if ($entry.Name -cnotmatch '^[a-z]+_[a-z]+$') { Stop-Usage "'$($entry.Name)' is not <colour>_<garment> (lower-case letters, e.g. black_dress)" }
        $photos = @(Get-Entries $entry.FullName | Where-Object { -not $_.PSIsContainer })
        if ($photos.Count -eq 0) { Stop-Usage "the class folder '$($entry.FullName)' has no photos" }
        $classes++
    }
    if ($classes -eq 0) { Stop-Usage "'$Path' has no <colour>_<garment>/ class folders" }
}

function Invoke-Upload([string] $Folder, [string] $Container) {
    $attempts = [int](Get-Setting 'HOOK_UPLOAD_ATTEMPTS' '3')
    $delay = [int](Get-Setting 'HOOK_RETRY_DELAY_SECONDS' '15')
    for ($attempt = 1; ; $attempt++) {
        # Out-Host: what the trainer prints must not become part of this function's return value.
        dotnet run --no-build --project (Join-Path $root 'trainer/FashionServerless.Trainer.csproj') -c Release -- `
            upload --data $Folder --container $Container --storage $env:PIPELINE_STORAGE_BLOB_ENDPOINT | Out-Host
        if ($LASTEXITCODE -eq 0) { return $true }
        if ($attempt -ge $attempts) { return $false }
        Write-Host "Upload to '$Container' failed (attempt $attempt of $attempts); a new role assignment takes a few minutes to apply. Trying again in ${delay}s."
        Start-Sleep -Seconds $delay
    }
}

$staging = $null
try {
    if (-not $Data) { Stop-Usage '-Data is required' }
    # Absolute paths, with ~ expanded, as the POSIX shell hands them to first-run.sh.
    $Data = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Data)
    if ($EvalData) { $EvalData = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($EvalData) }

    if ([string]::IsNullOrEmpty($env:AZURE_RESOURCE_GROUP) -or [string]::IsNullOrEmpty($env:RETRAINING_JOB_NAME)) {
        $values = azd env get-values
        if ($LASTEXITCODE -ne 0) { Stop-Failed "could not read the azd environment ('azd env select <name>' first)" }
        foreach ($line in $values) {
            if ($line -match '^([A-Za-z_][A-Za-z0-9_]*)="(.*)"$') { [Environment]::SetEnvironmentVariable($Matches[1], $Matches[2]) }
        }
    }
    foreach ($name in 'AZURE_RESOURCE_GROUP', 'RETRAINING_JOB_NAME', 'PIPELINE_STORAGE_ACCOUNT_NAME', 'PIPELINE_STORAGE_BLOB_ENDPOINT') {
        if ([string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable($name))) { Stop-Failed "the azd environment has no $name; run 'azd provision' first" }
    }
    $resourceGroup = $env:AZURE_RESOURCE_GROUP
    $job = $env:RETRAINING_JOB_NAME
    $storageAccount = $env:PIPELINE_STORAGE_ACCOUNT_NAME

    Write-Host '==> Checking the photos'
    Test-Classes $Data
    if ($EvalData) { Test-Classes $EvalData }

    if ($EvalData) {
        $trainingDir = $Data
        $evaluationDir = $EvalData
    }
    else {
        # Hard links (copies across file systems) into two staging folders: every $holdoutEvery-th photo of each
        # class, in ordinal order of the names, for evaluation.
        $staging = Join-Path ([IO.Path]::GetTempPath()) "first-run-$([Guid]::NewGuid().ToString('N'))"
        $trainingDir = Join-Path $staging 'training'
        $evaluationDir = Join-Path $staging 'evaluation'
        foreach ($class in (Get-Entries $Data | Where-Object PSIsContainer)) {
            $trainingClass = New-Item -ItemType Directory -Path (Join-Path $trainingDir $class.Name)
            $evaluationClass = New-Item -ItemType Directory -Path (Join-Path $evaluationDir $class.Name)
            $index = 0
            foreach ($file in (Get-Entries $class.FullName | Where-Object { -not $_.PSIsContainer })) {
                $index++
                $target = Join-Path ($(if ($index % $holdoutEvery -eq 0) { $evaluationClass } else { $trainingClass })).FullName $file.Name
                try { New-Item -ItemType HardLink -Path $target -Target $file.FullName | Out-Null }
                catch { Copy-Item -LiteralPath $file.FullName -Destination $target }
            }
        }
    }
    foreach ($class in (Get-Entries $trainingDir | Where-Object PSIsContainer)) {
        $count = @(Get-Entries $class.FullName | Where-Object { -not $_.PSIsContainer }).Count
        if ($count -lt $minImagesPerClass) { Stop-Usage "class '$($class.Name)' has $count training photos; the trainer needs at least $minImagesPerClass" }
    }

    Write-Host "==> Checking the retraining job $job"
    $image = az containerapp job show --name $job --resource-group $resourceGroup `
        --query 'properties.template.containers[0].image' --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-Failed 'could not read the job (is az signed in, with the containerapp extension?)' }
    if ("$image" -notlike '*/fashion-trainer:*') {
        Stop-Failed "the job runs '$image', not the trainer image; build it first ('azd deploy' runs the build; infra/README.md, 'Rebuild or roll the trainer image')"
    }
    Write-Host "The job runs $image."
    $running = az containerapp job execution list --name $job --resource-group $resourceGroup `
        --query "[?properties.status=='Running'].name" --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-Failed "could not list the job's executions" }
    if ($running) { Stop-Failed "a retraining execution is already running ($running); wait for it: az containerapp job execution show -n $job -g $resourceGroup --job-execution-name <name>" }

    Write-Host "==> Uploading the photos to $($env:PIPELINE_STORAGE_BLOB_ENDPOINT) (the trainer's upload command)"
    dotnet build (Join-Path $root 'trainer/FashionServerless.Trainer.csproj') -c Release --nologo -v quiet
    if ($LASTEXITCODE -ne 0) { Stop-Failed 'could not build the trainer' }
    if (-not (Invoke-Upload $trainingDir 'training')) { Stop-Failed "could not upload to 'training'; you need Storage Blob Data Contributor on $storageAccount (main.bicep grants it to AZURE_PRINCIPAL_ID)" }
    if (-not (Invoke-Upload $evaluationDir 'evaluation')) { Stop-Failed "could not upload to 'evaluation'" }

    Write-Host '==> Starting the retraining job'
    $execution = az containerapp job start --name $job --resource-group $resourceGroup --query name --output tsv
    if ($LASTEXITCODE -ne 0) { Stop-Failed 'could not start the job' }
    Write-Host "Started execution $execution. Follow it with:"
    Write-Host "  az containerapp job execution show -n $job -g $resourceGroup --job-execution-name $execution --query properties.status"
    Write-Host "Until it promotes a model, uploads are retried and then parked on the 'webjobs-blobtrigger-poison' queue."
    if (-not $Wait) { exit 0 }

    Write-Host "==> Waiting for $execution"
    $maxPolls = [int](Get-Setting 'FIRST_RUN_MAX_POLLS' '360')
    $pollSeconds = [int](Get-Setting 'FIRST_RUN_POLL_SECONDS' '30')
    for ($polls = 0; ; ) {
        $status = az containerapp job execution show --name $job --resource-group $resourceGroup `
            --job-execution-name $execution --query properties.status --output tsv 2>$null
        if ($status -eq 'Succeeded') { break }
        if ($status -in 'Failed', 'Stopped', 'Degraded') { Stop-Failed "execution $execution ended $status; its console output is in Log Analytics (ContainerAppConsoleLogs)" }
        $polls++
        if ($polls -ge $maxPolls) { Stop-Failed "execution $execution is still '$(if ($status) { $status } else { 'unknown' })' after $polls checks; follow it with the command above" }
        Start-Sleep -Seconds $pollSeconds
    }
    $exists = az storage blob exists --auth-mode login --account-name $storageAccount `
        --container-name models --name current.json --query exists --output tsv
    if ($exists -ne 'true') { Stop-Failed "execution $execution succeeded, but models/current.json does not exist: the promotion gate refused the model (its reason is in the job's console output)" }
    Write-Host "A model is current (models/current.json): new uploads are classified. Classify what was parked: infra/README.md, 'Backfill'."
    exit 0
}
catch [FirstRunStop] {
    $stop = $_.Exception
    [Console]::Error.WriteLine("first-run: $($stop.Message)")
    if ($stop.Code -eq 2) { [Console]::Error.WriteLine('usage: ./infra/hooks/first-run.ps1 -Data DIR [-EvalData DIR] [-Wait]') }
    exit $stop.Code
}
catch {
    [Console]::Error.WriteLine("first-run: $($_.Exception.Message)")
    exit 1
}
finally {
    if ($staging -and (Test-Path -LiteralPath $staging)) { Remove-Item -LiteralPath $staging -Recurse -Force }
}
