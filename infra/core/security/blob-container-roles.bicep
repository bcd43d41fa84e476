// Data-plane roles scoped to single blob containers, so a principal reaches exactly the containers its
// work needs and nothing else in the account.
param storageAccountName string
param principalId string

@allowed(['ServicePrincipal', 'User', 'Group'])
param principalType string = 'ServicePrincipal'

@description('One entry per container and role: { containerName: string, roleDefinitionId: built-in role GUID }.')
param grants containerGrant[]

type containerGrant = {
  containerName: string
  roleDefinitionId: string
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = [
  for grant in grants: {
    parent: storage::blobService
    name: grant.containerName
  }
]

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for (grant, i) in grants: {
    name: guid(containers[i].id, principalId, grant.roleDefinitionId)
    scope: containers[i]
    properties: {
      principalId: principalId
      principalType: principalType
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', grant.roleDefinitionId)
    }
  }
]
