// Delivers BlobCreated events for the uploads container to the function's blob extension webhook.
//
// The webhook URL needs the function host's `blobs_extension` system key, which exists only after the code
// (with its Event Grid blob trigger) is deployed. Reading it with listKeys on Microsoft.Web/sites/host is
// the ONE key this template ever reads, and it goes straight into Event Grid's write-only endpoint URL.
// main.bicep deploys this module only when deployEventGridSubscription is true (set by the azd postdeploy hook).
param systemTopicName string
param functionAppName string

@description('Name of the event subscription (main.bicep outputs it for the postdeploy hook, which checks it).')
param subscriptionName string

@description('Name of the blob-triggered function, as in [Function("...")].')
param functionName string
param uploadsContainerName string
param deadLetterStorageAccountName string
param deadLetterContainerName string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource deadLetterStorage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: deadLetterStorageAccountName
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

// Microsoft.Web/sites/host has no Bicep type definitions, so the key is read with the listKeys function.
var blobsExtensionKey = listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${uploadsContainerName}/'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output name string = subscription.name
