// Event Grid system topic on the pipeline storage account. The Flex Consumption blob trigger is
// Event Grid-based: the platform pushes BlobCreated events to the function's blob extension webhook.
// The topic's own identity writes undeliverable events to a dead-letter container, so an upload is never
// silently dropped even if the function app was unreachable for the whole retry window.
param name string
param location string = resourceGroup().location
param tags object = {}
param storageAccountName string
param deadLetterContainerName string

import { builtInRoles } from '../core/security/built-in-roles.bicep'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource deadLetterContainer 'containers' existing = {
      name: deadLetterContainerName
    }
  }
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage::blobService::deadLetterContainer.id, systemTopic.id, builtInRoles.storageBlobDataContributor)
  scope: storage::blobService::deadLetterContainer
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', builtInRoles.storageBlobDataContributor)
  }
}

output name string = systemTopic.name
