// Log Analytics workspace plus a workspace-based Application Insights resource that accepts telemetry
// only from Entra ID-authenticated senders (local, instrumentation-key-only ingestion is disabled). The
// workspace has local auth off too: its shared keys cannot query or ingest; the Container Apps environment
// sends its logs through a diagnostic setting, which needs no key.
param logAnalyticsName string
param applicationInsightsName string
param location string = resourceGroup().location
param tags object = {}

@minValue(30)
@maxValue(730)
param retentionInDays int = 30

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    retentionInDays: retentionInDays
    sku: {
      name: 'PerGB2018'
    }
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    DisableLocalAuth: true
  }
}

output logAnalyticsWorkspaceId string = logAnalytics.id
output logAnalyticsWorkspaceName string = logAnalytics.name
output applicationInsightsName string = applicationInsights.name
// The connection string names the ingestion endpoint and the resource; with DisableLocalAuth it grants nothing on its own.
output applicationInsightsConnectionString string = applicationInsights.properties.ConnectionString
