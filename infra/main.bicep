// FashionServerless in Azure: pipeline storage, the classification function app (Flex Consumption),
// Event Grid delivery of uploads, monitoring, and scheduled retraining as a Container Apps job.
// Deploy with `azd up` (see infra/README.md) or `az deployment sub create`.
targetScope = 'subscription'

import { builtInRoles } from 'core/security/built-in-roles.bicep'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; names the resource group and seeds unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. Must offer Flex Consumption (az functionapp list-flexconsumption-locations).')
param location string

@description('Object id of the person deploying; gets Storage Blob Data Contributor (upload photos and training data) and Storage Queue Data Contributor (inspect and clear the poison queue) on the pipeline account. Empty: none.')
param principalId string = ''

@description('What principalId is: User for a person, ServicePrincipal when azd runs as one (CI). main.parameters.json maps it from AZURE_PRINCIPAL_TYPE.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Create the Event Grid subscription to the function webhook. Needs the deployed code (for the blobs_extension key), so the first provision leaves it false and the postdeploy hook re-provisions with true.')
param deployEventGridSubscription bool = false

@description('Name of the blob-triggered function in functions/.')
param classifyFunctionName string = 'ClassifyUpload'

@description('NCRONTAB schedule of the EvaluateModel timer (app setting EvaluationSchedule).')
param evaluationSchedule string = '0 0 3 * * *'

@minValue(1)
param modelReloadIntervalSeconds int = 30

@description('Most function instances at once. 40 keeps the pipeline account under its request-rate target at full scale (infra/README.md, "Sizing").')
@minValue(40)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Memory per function instance in MB; 2048 comes with one vCPU. The serving process peaks at about 400 MB (infra/README.md, "Sizing").')
@allowed([512, 2048, 4096])
param functionInstanceMemoryMB int = 2048

@description('Instances kept warm for the blob scale group (ClassifyUpload). 1: Event Grid\'s validation handshake and the first upload never wait for a cold start; 0: scale to zero, no baseline charge.')
@minValue(0)
@maxValue(40)
param functionAlwaysReadyInstances int = 1

@minValue(1)
@maxValue(365)
@description('Days deleted or overwritten pipeline blobs and containers stay recoverable.')
param softDeleteRetentionDays int = 14

@minValue(0)
@description('Days a previous blob version is kept on the pipeline account, counted from when it was written; a lifecycle rule deletes older ones. 0: keep every version.')
param previousVersionRetentionDays int = 30

@description('Trainer image, e.g. <registry>.azurecr.io/fashion-trainer:<tag>. Empty: a placeholder until `az acr build` has run.')
param trainerImage string = ''

@description('Cron expression (UTC, five fields) of the retraining job. Default: Sundays 02:00.')
param retrainingSchedule string = '0 2 * * 0'

@description('Epochs a scheduled run trains (trainer --epochs): the default recipe\'s fixed one-cycle schedule, which also bounds the run time that trainerReplicaTimeoutSeconds is sized from (infra/README.md, "Sizing").')
@minValue(1)
param trainerMaxEpochs int = 45

@description('Arguments to the trainer entry point (ENTRYPOINT dotnet fashion-trainer.dll).')
param trainerArgs string[] = [
  'train'
  '--container'
  'training'
  '--output'
  '/tmp/run'
  '--publish'
  '--epochs'
  string(trainerMaxEpochs)
]

@description('vCPUs per retraining run (Consumption profile: 0.25 to 4, memory 2 GiB per vCPU).')
param trainerCpu string = '4.0'

@description('Memory per retraining run; the Consumption profile pairs 8Gi with 4 vCPU. Training peaks at 2.2 GB.')
param trainerMemory string = '8Gi'

@description('Seconds a retraining run may take: 3x the capped run on 2 cores (infra/README.md, "Sizing").')
@minValue(60)
param trainerReplicaTimeoutSeconds int = 10800

@description('Reruns of a failed retraining run. 0: a failure is deterministic (data, parity) or already retried inside the trainer, so a rerun would repeat an hour of training for nothing.')
@minValue(0)
@maxValue(10)
param trainerReplicaRetryLimit int = 0

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }

// The names the apps use (FashionServerless:Blobs defaults in shared/Storage/BlobLayoutOptions.cs).
var containerNames = {
  uploads: 'uploads'
  predictions: 'predictions'
  models: 'models'
  training: 'training'
  evaluation: 'evaluation'
  metrics: 'metrics'
}
var uploadEventsDeadLetterContainer = 'upload-events-deadletter'
var deploymentPackageContainer = 'app-package'
var functionAppName = 'func-${resourceToken}'
var uploadsEventSubscriptionName = '${containerNames.uploads}-blob-created'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'core/monitor/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

// The pipeline's data, including the model registry: versioning and soft delete let a bad promotion or
// an accidental delete be undone.
module pipelineStorage 'core/storage/storage-account.bicep' = {
  name: 'pipeline-storage'
  scope: resourceGroup
  params: {
    name: 'stpipe${resourceToken}'
    location: location
    tags: tags
    containers: [
      containerNames.uploads
      containerNames.predictions
      containerNames.models
      containerNames.training
      containerNames.evaluation
      containerNames.metrics
      uploadEventsDeadLetterContainer
    ]
    // ClassifyUpload publishes one message per decision here (its output binding would create it on first use;
    // created up front so consumers can start reading before the first upload).
    queues: [
      'classified'
    ]
    versioningEnabled: true
    previousVersionRetentionDays: previousVersionRetentionDays
    softDeleteEnabled: true
    softDeleteRetentionDays: softDeleteRetentionDays
  }
}

// The Functions host's own account (deployment package, leases, timer state), kept apart as the Flex
// Consumption templates recommend, so the host's broad Blob Data Owner role never reaches pipeline data.
module hostStorage 'core/storage/storage-account.bicep' = {
  name: 'host-storage'
  scope: resourceGroup
  params: {
    name: 'stfunc${resourceToken}'
    location: location
    tags: tags
    containers: [
      deploymentPackageContainer
    ]
    versioningEnabled: false
    softDeleteEnabled: false
  }
}

module functionsIdentity 'core/identity/user-assigned-identity.bicep' = {
  name: 'functions-identity'
  scope: resourceGroup
  params: {
    name: 'id-func-${resourceToken}'
    location: location
    tags: tags
  }
}

module trainerIdentity 'core/identity/user-assigned-identity.bicep' = {
  name: 'trainer-identity'
  scope: resourceGroup
  params: {
    name: 'id-trainer-${resourceToken}'
    location: location
    tags: tags
  }
}

// Functions: read uploads and models, write predictions and metrics, read the labelled evaluation set.
module functionsContainerRoles 'core/security/blob-container-roles.bicep' = {
  name: 'functions-container-roles'
  scope: resourceGroup
  params: {
    storageAccountName: pipelineStorage.outputs.name
    principalId: functionsIdentity.outputs.principalId
    grants: [
      { containerName: containerNames.uploads, roleDefinitionId: builtInRoles.storageBlobDataReader }
      { containerName: containerNames.models, roleDefinitionId: builtInRoles.storageBlobDataReader }
      { containerName: containerNames.evaluation, roleDefinitionId: builtInRoles.storageBlobDataReader }
      { containerName: containerNames.predictions, roleDefinitionId: builtInRoles.storageBlobDataContributor }
      { containerName: containerNames.metrics, roleDefinitionId: builtInRoles.storageBlobDataContributor }
    ]
  }
}

// Blob index tags on uploads (status, colour, garment, model, reason): ClassifyUpload and the trainer's backfill
// (classify --container uploads) write them after each record. Set Blob Tags needs tags/write and reading the upload's
// existing tags (to keep tags that are not ours) needs tags/read; no built-in role below Storage Blob Data Owner has
// either, so a custom role with just these two, on the uploads container only.
module uploadTagWriterRole 'core/security/blob-index-tag-role.bicep' = {
  name: 'upload-tag-writer-role'
  scope: resourceGroup
  params: {
    storageAccountName: pipelineStorage.outputs.name
    containerName: containerNames.uploads
    roleName: 'FashionServerless upload tag writer'
    roleDescription: 'Read and write blob index tags on the uploads container (ClassifyUpload, retraining backfill).'
    dataActions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read'
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write'
    ]
    principals: [
      { principalId: functionsIdentity.outputs.principalId, principalType: 'ServicePrincipal' }
      { principalId: trainerIdentity.outputs.principalId, principalType: 'ServicePrincipal' }
    ]
  }
}

// The deployer may query the tags (az storage blob filter --container-name uploads): Find Blobs by Tags needs
// filter/action, which Storage Blob Data Contributor lacks.
module uploadTagQueryRole 'core/security/blob-index-tag-role.bicep' = if (!empty(principalId)) {
  name: 'upload-tag-query-role'
  scope: resourceGroup
  params: {
    storageAccountName: pipelineStorage.outputs.name
    containerName: containerNames.uploads
    roleName: 'FashionServerless upload tag query'
    roleDescription: 'Find uploads by their blob index tags and read the tags, on the uploads container.'
    dataActions: [
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/read'
      'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/filter/action'
    ]
    principals: [
      { principalId: principalId, principalType: principalType }
    ]
  }
}

// The blob trigger moves a message to the poison queue (webjobs-blobtrigger-poison) in the account of its
// connection after its retries; the runtime creates that queue on demand, so the role is account-wide.
module functionsPipelineQueueRole 'core/security/storage-account-roles.bicep' = {
  name: 'functions-pipeline-queue-role'
  scope: resourceGroup
  params: {
    storageAccountName: pipelineStorage.outputs.name
    principalId: functionsIdentity.outputs.principalId
    roleDefinitionIds: [
      builtInRoles.storageQueueDataContributor
    ]
  }
}

// What the Functions host needs on AzureWebJobsStorage: blobs (deployment package, leases, receipts),
// queues and tables (runtime internals).
module functionsHostStorageRoles 'core/security/storage-account-roles.bicep' = {
  name: 'functions-host-storage-roles'
  scope: resourceGroup
  params: {
    storageAccountName: hostStorage.outputs.name
    principalId: functionsIdentity.outputs.principalId
    roleDefinitionIds: [
      builtInRoles.storageBlobDataOwner
      builtInRoles.storageQueueDataContributor
      builtInRoles.storageTableDataContributor
    ]
  }
}

module functionsTelemetryRole 'core/security/monitoring-publisher-role.bicep' = {
  name: 'functions-telemetry-role'
  scope: resourceGroup
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: functionsIdentity.outputs.principalId
  }
}

// Trainer: read training and evaluation data, publish to the model registry; the backfill (classify over
// uploads) reads uploads and writes prediction records.
module trainerContainerRoles 'core/security/blob-container-roles.bicep' = {
  name: 'trainer-container-roles'
  scope: resourceGroup
  params: {
    storageAccountName: pipelineStorage.outputs.name
    principalId: trainerIdentity.outputs.principalId
    grants: [
      { containerName: containerNames.training, roleDefinitionId: builtInRoles.storageBlobDataReader }
      { containerName: containerNames.evaluation, roleDefinitionId: builtInRoles.storageBlobDataReader }
      { containerName: containerNames.uploads, roleDefinitionId: builtInRoles.storageBlobDataReader }
      { containerName: containerNames.models, roleDefinitionId: builtInRoles.storageBlobDataContributor }
      { containerName: containerNames.predictions, roleDefinitionId: builtInRoles.storageBlobDataContributor }
    ]
  }
}

module developerPipelineRole 'core/security/storage-account-roles.bicep' = if (!empty(principalId)) {
  name: 'developer-pipeline-role'
  scope: resourceGroup
  params: {
    storageAccountName: pipelineStorage.outputs.name
    principalId: principalId
    principalType: principalType
    roleDefinitionIds: [
      builtInRoles.storageBlobDataContributor
      builtInRoles.storageQueueDataContributor
    ]
  }
}

module functions 'app/functions.bicep' = {
  name: 'functions'
  scope: resourceGroup
  dependsOn: [
    // The host reads its deployment package and storage with these roles from its first start.
    functionsHostStorageRoles
    functionsContainerRoles
    functionsPipelineQueueRole
    functionsTelemetryRole
    uploadTagWriterRole
  ]
  params: {
    planName: 'plan-${resourceToken}'
    appName: functionAppName
    location: location
    tags: tags
    identityId: functionsIdentity.outputs.id
    identityClientId: functionsIdentity.outputs.clientId
    hostStorageBlobEndpoint: hostStorage.outputs.blobEndpoint
    hostStorageQueueEndpoint: hostStorage.outputs.queueEndpoint
    hostStorageTableEndpoint: hostStorage.outputs.tableEndpoint
    deploymentStorageContainerName: deploymentPackageContainer
    pipelineStorageBlobEndpoint: pipelineStorage.outputs.blobEndpoint
    pipelineStorageQueueEndpoint: pipelineStorage.outputs.queueEndpoint
    containerNames: containerNames
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    evaluationSchedule: evaluationSchedule
    modelReloadIntervalSeconds: modelReloadIntervalSeconds
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    blobAlwaysReadyInstances: functionAlwaysReadyInstances
  }
}

module uploadEvents 'app/upload-events.bicep' = {
  name: 'upload-events'
  scope: resourceGroup
  params: {
    name: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: pipelineStorage.outputs.name
    deadLetterContainerName: uploadEventsDeadLetterContainer
  }
}

module uploadEventsSubscription 'app/upload-events-subscription.bicep' = if (deployEventGridSubscription) {
  name: 'upload-events-subscription'
  scope: resourceGroup
  params: {
    systemTopicName: uploadEvents.outputs.name
    subscriptionName: uploadsEventSubscriptionName
    functionAppName: functions.outputs.name
    functionName: classifyFunctionName
    uploadsContainerName: containerNames.uploads
    deadLetterStorageAccountName: pipelineStorage.outputs.name
    deadLetterContainerName: uploadEventsDeadLetterContainer
  }
}

module registry 'core/host/container-registry.bicep' = {
  name: 'registry'
  scope: resourceGroup
  params: {
    name: 'cr${resourceToken}'
    location: location
    tags: tags
  }
}

module retraining 'app/retraining-job.bicep' = {
  name: 'retraining'
  scope: resourceGroup
  dependsOn: [
    trainerContainerRoles
  ]
  params: {
    environmentName: 'cae-${resourceToken}'
    jobName: 'job-retrain-${resourceToken}'
    location: location
    tags: tags
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsWorkspaceId
    identityId: trainerIdentity.outputs.id
    identityPrincipalId: trainerIdentity.outputs.principalId
    identityClientId: trainerIdentity.outputs.clientId
    registryName: registry.outputs.name
    registryLoginServer: registry.outputs.loginServer
    image: trainerImage
    pipelineStorageBlobEndpoint: pipelineStorage.outputs.blobEndpoint
    cronExpression: retrainingSchedule
    args: trainerArgs
    cpu: trainerCpu
    memory: trainerMemory
    replicaTimeoutSeconds: trainerReplicaTimeoutSeconds
    replicaRetryLimit: trainerReplicaRetryLimit
  }
}

// Read by azd into the environment (azd env get-values) and by infra/hooks and infra/README.md.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functions.outputs.name
output AZURE_FUNCTION_APP_URI string = 'https://${functions.outputs.defaultHostName}'
output PIPELINE_STORAGE_ACCOUNT_NAME string = pipelineStorage.outputs.name
output PIPELINE_STORAGE_BLOB_ENDPOINT string = pipelineStorage.outputs.blobEndpoint
output HOST_STORAGE_ACCOUNT_NAME string = hostStorage.outputs.name
output UPLOADS_SYSTEM_TOPIC_NAME string = uploadEvents.outputs.name
output UPLOADS_EVENT_SUBSCRIPTION_NAME string = uploadsEventSubscriptionName
output AZURE_CONTAINER_REGISTRY_NAME string = registry.outputs.name
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer
output RETRAINING_JOB_NAME string = retraining.outputs.jobName
output TRAINER_IDENTITY_CLIENT_ID string = trainerIdentity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
