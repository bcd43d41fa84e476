// A private registry for the trainer image. No admin user: pulls use the job's managed identity (AcrPull)
// and pushes go through `az acr build`, which authenticates with the caller's Entra ID token.
param name string
param location string = resourceGroup().location
param tags object = {}

@allowed(['Basic', 'Standard', 'Premium'])
param sku string = 'Basic'

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
