// A StorageV2 account locked to identity-based access: no shared keys (so no connection strings with
// AccountKey= can work at all), no anonymous blob access, TLS 1.2 minimum. Public network access stays
// enabled because Flex Consumption without a virtual network and Event Grid both reach it over the internet.
param name string
param location string = resourceGroup().location
param tags object = {}

@description('Blob containers to create.')
param containers string[] = []

@description('Keep every overwritten or deleted blob as a version. The model registry relies on it to undo a bad promotion.')
param versioningEnabled bool = false

@description('Keep deleted blobs and containers recoverable for softDeleteRetentionDays.')
param softDeleteEnabled bool = false

@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 7

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    isVersioningEnabled: versioningEnabled
    deleteRetentionPolicy: {
      enabled: softDeleteEnabled
      days: softDeleteEnabled ? softDeleteRetentionDays : null
    }
    containerDeleteRetentionPolicy: {
      enabled: softDeleteEnabled
      days: softDeleteEnabled ? softDeleteRetentionDays : null
    }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in containers: {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
