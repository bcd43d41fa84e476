// A custom data-plane role for blob index tags alone, assigned on one container. No built-in role below Storage Blob
// Data Owner carries the tag data actions (Storage Blob Data Contributor does not), and Owner would also let the
// principal delete and overwrite every blob and set ACLs. This role carries exactly the tag actions asked for.
param storageAccountName string
param containerName string

@description('Role name; made unique per resource group, since custom role names are unique in a tenant.')
param roleName string
param roleDescription string

@description('Data actions of the role, e.g. Microsoft.Storage/storageAccounts/blobServices/containers/blobs/tags/write.')
param dataActions string[]

@description('Who gets the role on the container: { principalId: string, principalType: ServicePrincipal | User | Group }.')
param principals principal[]

type principal = {
  principalId: string
  principalType: ('ServicePrincipal' | 'User' | 'Group')
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = {
      name: containerName
    }
  }
}

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, roleName)
  properties: {
    roleName: '${roleName} (${uniqueString(resourceGroup().id)})'
    description: roleDescription
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: dataActions
        notDataActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grantee in principals: {
    name: guid(storage::blobService::container.id, grantee.principalId, role.id)
    scope: storage::blobService::container
    properties: {
      principalId: grantee.principalId
      principalType: grantee.principalType
      roleDefinitionId: role.id
    }
  }
]

output roleDefinitionId string = role.id
