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

@description('Queues to create.')
param queues string[] = []

@description('With versioning: delete previous versions older than this many days (a lifecycle rule). 0: keep every version.')
@minValue(0)
param previousVersionRetentionDays int = 0

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

// Versioning keeps a previous version for every overwrite (prediction records are rewritten for each new model,
// the registry pointer on every promotion), so without this rule versions accumulate forever. Only previous
// versions are touched: no action applies to a current blob. Azure counts a version's age from when it was
// written, and with soft delete on, a version this rule deletes stays recoverable for softDeleteRetentionDays.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = if (versioningEnabled && previousVersionRetentionDays > 0) {
  parent: storage
  name: 'default'
  // A rule with version actions is accepted only once versioning is on.
  dependsOn: [
    blobService
  ]
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-previous-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: previousVersionRetentionDays
                }
              }
            }
          }
        }
      ]
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

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = if (!empty(queues)) {
  parent: storage
  name: 'default'
}

resource storageQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in queues: {
    parent: queueService
    name: queue
  }
]

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
