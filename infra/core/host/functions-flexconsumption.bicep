// A Linux function app on the Flex Consumption plan (FC1). The deployment package lives in a blob container
// of the host storage account and is read with the app's user-assigned identity, never a key.
param planName string
param appName string
param location string = resourceGroup().location
param tags object = {}

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Blob endpoint of the host storage account, e.g. https://account.blob.core.windows.net/.')
param deploymentStorageBlobEndpoint string
param deploymentStorageContainerName string

param runtimeName string = 'dotnet-isolated'
param runtimeVersion string = '10.0'

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Always-ready instances per scale group or function, e.g. [{ name: \'blob\', instanceCount: 1 }]. Empty: scale to zero.')
param alwaysReady alwaysReadyGroup[] = []

@description('Complete app settings. Flex Consumption manages FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION itself.')
param appSettings object

type alwaysReadyGroup = {
  @description('A Flex Consumption scale group (http, blob, durable) or function:<name>.')
  name: string
  instanceCount: int
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${deploymentStorageBlobEndpoint}${deploymentStorageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: runtimeName
        version: runtimeVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: appSettings
  }

  // Deployments authenticate with Entra ID (azd and `az functionapp deployment` send a bearer token), so the
  // site's user/password publishing credentials for SCM (Kudu, zip deploy) and FTP are switched off.
  resource scmBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  resource ftpBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }
}

output name string = functionApp.name
output id string = functionApp.id
output defaultHostName string = functionApp.properties.defaultHostName
