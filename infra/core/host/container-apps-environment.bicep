// A Container Apps environment of the workload-profiles type with only the serverless Consumption profile:
// the current environment type (the consumption-only type is the legacy one), billed per second of use like
// it, and able to add dedicated profiles later without recreating the environment. Its console and system
// logs reach Log Analytics through a diagnostic setting ("azure-monitor" destination), so no workspace shared
// key is ever read or stored.
param name string
param location string = resourceGroup().location
param tags object = {}
param logAnalyticsWorkspaceId string

// The built-in serverless profile: up to 4 vCPU and 8 GiB per replica, 2 GiB per vCPU.
var consumptionProfileName = 'Consumption'

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: [
      {
        name: consumptionProfileName
        workloadProfileType: 'Consumption'
      }
    ]
    zoneRedundant: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: environment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

output id string = environment.id
output name string = environment.name
output consumptionWorkloadProfileName string = consumptionProfileName
