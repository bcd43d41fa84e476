// Data-plane roles scoped to a whole storage account, for access that cannot be narrowed to one container
// (queues the Functions runtime creates on demand, the host's own blobs, queues and tables).
param storageAccountName string
param principalId string

@allowed(['ServicePrincipal', 'User', 'Group'])
param principalType string = 'ServicePrincipal'

@description('Built-in role definition GUIDs to grant on the account.')
param roleDefinitionIds string[]

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleDefinitionId in roleDefinitionIds: {
    name: guid(storage.id, principalId, roleDefinitionId)
    scope: storage
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionId)
    }
  }
]
