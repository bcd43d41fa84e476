// Scheduled retraining: a Container Apps job that runs the trainer image (fashion-trainer) on a cron
// schedule. The trainer finds its storage through FASHIONSERVERLESS_STORAGE (a blob service URI, so it
// authenticates with DefaultAzureCredential) and AZURE_CLIENT_ID picks the job's user-assigned identity.
param environmentName string
param jobName string
param location string = resourceGroup().location
param tags object = {}
param logAnalyticsWorkspaceId string

param identityId string
param identityPrincipalId string
param identityClientId string

param registryName string
param registryLoginServer string

@description('Full image reference; empty deploys a public placeholder until the first `az acr build`.')
param image string
param pipelineStorageBlobEndpoint string

param cronExpression string
param args string[]
param cpu string
param memory string
param replicaTimeoutSeconds int
param replicaRetryLimit int

// Until the trainer image is built and pushed, the job points at Microsoft's sample job image so that the
// first `azd provision` succeeds; the postdeploy hook builds the real image and re-provisions.
var placeholderImage = 'mcr.microsoft.com/k8se/quickstart-jobs:latest'
var usePlaceholder = empty(image)

module environment '../core/host/container-apps-environment.bicep' = {
  name: 'retraining-environment'
  params: {
    name: environmentName
    location: location
    tags: tags
    logAnalyticsWorkspaceId: logAnalyticsWorkspaceId
  }
}

module registryPull '../core/security/registry-pull-role.bicep' = {
  name: 'retraining-registry-pull'
  params: {
    registryName: registryName
    principalId: identityPrincipalId
  }
}

module job '../core/host/container-apps-job.bicep' = {
  name: 'retraining-job'
  dependsOn: [
    registryPull
  ]
  params: {
    name: jobName
    location: location
    tags: tags
    environmentId: environment.outputs.id
    workloadProfileName: environment.outputs.consumptionWorkloadProfileName
    identityId: identityId
    registryServer: registryLoginServer
    image: usePlaceholder ? placeholderImage : image
    containerName: 'trainer'
    cronExpression: cronExpression
    args: usePlaceholder ? [] : args
    env: [
      {
        name: 'FASHIONSERVERLESS_STORAGE'
        value: pipelineStorageBlobEndpoint
      }
      {
        name: 'AZURE_CLIENT_ID'
        value: identityClientId
      }
    ]
    cpu: cpu
    memory: memory
    replicaTimeoutSeconds: replicaTimeoutSeconds
    replicaRetryLimit: replicaRetryLimit
  }
}

output jobName string = job.outputs.name
output environmentName string = environment.outputs.name
