// A Container Apps job started on a cron schedule. The image is pulled from the registry with the job's
// user-assigned identity; the same identity is what the container's DefaultAzureCredential picks up.
param name string
param location string = resourceGroup().location
param tags object = {}
param environmentId string

@description('Workload profile of the environment the job runs on (Consumption: serverless, per-second billing).')
param workloadProfileName string

@description('Resource id of the user-assigned identity used for the registry pull and inside the container.')
param identityId string

@description('Login server of the registry the image comes from, e.g. myregistry.azurecr.io.')
param registryServer string
param image string
param containerName string

@description('Cron expression in UTC, five fields (minute hour day month weekday).')
param cronExpression string
param args string[] = []
param env array = []

@description('vCPUs, as a string because Bicep has no decimal type (e.g. "0.5", "2.0").')
param cpu string

@description('Memory, e.g. "8Gi"; on the Consumption profile 2 GiB per vCPU.')
param memory string

@description('Seconds one execution may run before it is stopped.')
param replicaTimeoutSeconds int

@description('Times a failed execution is run again.')
param replicaRetryLimit int

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      triggerType: 'Schedule'
      scheduleTriggerConfig: {
        cronExpression: cronExpression
        parallelism: 1
        replicaCompletionCount: 1
      }
      replicaTimeout: replicaTimeoutSeconds
      replicaRetryLimit: replicaRetryLimit
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: containerName
          image: image
          args: args
          env: env
          resources: {
            cpu: json(cpu)
            memory: memory
          }
        }
      ]
    }
  }
}

output id string = job.id
output name string = job.name
