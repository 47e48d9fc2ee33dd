// Telemetry: a Log Analytics workspace, the workspace-based Application Insights the app writes to, and the
// role that lets the app's identity send telemetry without an instrumentation key (local auth is off).

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param applicationInsightsName string

@description('Azure region of the resources.')
param location string

@description('Tags of every resource.')
param tags { *: string }

@description('Resource id of the user-assigned identity the app uses (names the role assignments).')
param identityId string

@description('Principal (object) id of the user-assigned identity that sends telemetry.')
param identityPrincipalId string

// Monitoring Metrics Publisher: lets Entra ID-authenticated clients (APPLICATIONINSIGHTS_AUTHENTICATION_STRING)
// publish telemetry to the component.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

// Where Application Insights keeps its data (classic, non-workspace components are retired).
resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

// The app's logs, requests and traces; local auth disabled so only Entra ID identities can ingest.
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

// Monitoring Metrics Publisher for the app's identity on the component: needed because local auth is off, so the
// Functions host and the worker authenticate their telemetry with the identity (Authorization=AAD).
resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleId
    )
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Connection string of Application Insights (holds no secret: ingestion is authenticated with Entra ID).')
output connectionString string = applicationInsights.properties.ConnectionString
