// The FashionServerless function app: Flex Consumption, .NET 10 isolated, every connection identity-based.
// Setting names here are the contract with functions/ (see shared/Storage/StorageSettings.cs).
param planName string
param appName string
param location string = resourceGroup().location
param tags object = {}

param identityId string
param identityClientId string

param hostStorageBlobEndpoint string
param hostStorageQueueEndpoint string
param hostStorageTableEndpoint string
param deploymentStorageContainerName string

param pipelineStorageBlobEndpoint string
param pipelineStorageQueueEndpoint string

@description('Container names, bound by the app from FashionServerless:Blobs.')
param containerNames {
  uploads: string
  predictions: string
  models: string
  training: string
  evaluation: string
  metrics: string
}

param applicationInsightsConnectionString string

@description('NCRONTAB schedule (six fields, with seconds) of the EvaluateModel timer.')
param evaluationSchedule string

@description('How often, in seconds, each instance checks the registry pointer for a new model.')
param modelReloadIntervalSeconds int

param maximumInstanceCount int
param instanceMemoryMB int

@description('Instances kept running for the blob scale group (ClassifyUpload, the Event Grid blob trigger). 0: scale to zero.')
@minValue(0)
param blobAlwaysReadyInstances int

module app '../core/host/functions-flexconsumption.bicep' = {
  name: 'functions-host'
  params: {
    planName: planName
    appName: appName
    location: location
    tags: union(tags, { 'azd-service-name': 'functions' })
    identityId: identityId
    deploymentStorageBlobEndpoint: hostStorageBlobEndpoint
    deploymentStorageContainerName: deploymentStorageContainerName
    runtimeName: 'dotnet-isolated'
    runtimeVersion: '10.0'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    // Flex Consumption scales Event Grid blob triggers together as the 'blob' group.
    alwaysReady: blobAlwaysReadyInstances > 0 ? [{ name: 'blob', instanceCount: blobAlwaysReadyInstances }] : []
    appSettings: {
      // The runtime's own storage (leases, timers' schedule monitor, blob receipts): the host account.
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      AzureWebJobsStorage__blobServiceUri: hostStorageBlobEndpoint
      AzureWebJobsStorage__queueServiceUri: hostStorageQueueEndpoint
      AzureWebJobsStorage__tableServiceUri: hostStorageTableEndpoint
      // The pipeline's containers (the blob trigger's connection "PipelineStorage" and the app's clients).
      // The queue endpoint is where the blob trigger puts poison messages after its retries.
      PipelineStorage__credential: 'managedidentity'
      PipelineStorage__clientId: identityClientId
      PipelineStorage__blobServiceUri: pipelineStorageBlobEndpoint
      PipelineStorage__queueServiceUri: pipelineStorageQueueEndpoint
      FashionServerless__Blobs__Uploads: containerNames.uploads
      FashionServerless__Blobs__Predictions: containerNames.predictions
      FashionServerless__Blobs__Models: containerNames.models
      FashionServerless__Blobs__Training: containerNames.training
      FashionServerless__Blobs__Evaluation: containerNames.evaluation
      FashionServerless__Blobs__Metrics: containerNames.metrics
      FashionServerless__Model__ReloadIntervalSeconds: string(modelReloadIntervalSeconds)
      EvaluationSchedule: evaluationSchedule
      // Telemetry is accepted only with an Entra ID token for this identity (App Insights has local auth off).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    }
  }
}

output name string = app.outputs.name
output defaultHostName string = app.outputs.defaultHostName
