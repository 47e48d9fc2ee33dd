// KpiFunctions on Azure: a Flex Consumption Function App (.NET 10 isolated) that reaches storage, telemetry and
// Key Vault only through one user-assigned managed identity. Deploy with `azd up` or
// `az deployment group create -g <group> -f infra/main.bicep -p environmentName=... adminKey=... linkSigningKey=... tokenKey=...`.
targetScope = 'resourceGroup'

@description('Name of the environment (azd environment name): part of every resource name\'s hash and the azd-env-name tag.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Azure region of every resource; a region with Flex Consumption.')
param location string = resourceGroup().location

@secure()
@description('The admin key (app setting Auth__AdminKey, stored in Key Vault): a long random secret, e.g. `openssl rand -hex 32`.')
@minLength(32)
param adminKey string

@secure()
@description('The key that signs report download links (app setting Reports__LinkSecret, stored in Key Vault).')
@minLength(32)
param linkSigningKey string

@secure()
@description('The SMTP password (app setting Delivery__Password, stored in Key Vault); empty: no secret and no setting.')
param smtpPassword string = ''

@secure()
@description('The key that encrypts platform tokens at rest (app setting Tokens__Keys__k1, stored in Key Vault).')
@minLength(32)
param tokenKey string

@description('NCRONTAB schedule of the ScheduleIngestion timer (app setting IngestSchedule): hourly by default.')
param ingestSchedule string = '0 5 * * * *'

@description('NCRONTAB schedule of the ScheduleReports timer (app setting ReportSchedule).')
param reportSchedule string = '0 */5 * * * *'

@description('The agency name on reports and e-mails (Reports__AgencyName).')
param agencyName string = 'Your Agency'

@description('Primary brand colour of reports, #RRGGBB (Reports__PrimaryColor).')
param primaryColor string = '#1F3A5F'

@description('Accent colour of reports, #RRGGBB (Reports__AccentColor).')
param accentColor string = '#E07A2F'

@description('SMTP server host name (Delivery__SmtpHost); empty: nothing is sent.')
param smtpHost string = ''

@description('SMTP server port (Delivery__SmtpPort).')
@minValue(1)
@maxValue(65535)
param smtpPort int = 587

@description('SMTP transport security (Delivery__Security).')
@allowed([
  'StartTls'
  'SslOnConnect'
  'None'
])
param smtpSecurity string = 'StartTls'

@description('SMTP user name (Delivery__UserName); empty: no authentication.')
param smtpUserName string = ''

@description('Sender address of report e-mails (Delivery__FromAddress); empty: nothing is sent.')
param fromAddress string = ''

@description('Sender display name (Delivery__FromName); empty: the agency name.')
param fromName string = ''

@description('Recipient domains reports may be sent to (Delivery__AllowedDomains__0, __1, ...); empty: any domain.')
param allowedDomains string[] = []

@description('Turn on Key Vault purge protection (cannot be turned off again; the vault name stays taken until the retention ends).')
param enablePurgeProtection bool = false

@description('Most instances the Function App scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory of one Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

// Makes resource and module-deployment names unique per environment but the same on every redeployment.
var resourceToken = uniqueString(subscription().id, resourceGroup().id, environmentName)
var tags = { 'azd-env-name': environmentName }

// The identity the app runs as: the one principal that gets data roles on storage, App Insights and Key Vault.
// User-assigned rather than system-assigned so the roles exist before the app does (no first-start race).
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${resourceToken}'
  location: location
  tags: tags
}

// Storage for the host, the app's tables/queues/blobs and the deployment package, with the identity's data roles.
module storage 'modules/storage.bicep' = {
  name: 'storage-${resourceToken}'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
  }
}

// Log Analytics + workspace-based Application Insights, with Monitoring Metrics Publisher for the identity.
module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring-${resourceToken}'
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
  }
}

// Key Vault with the app's secrets, with Key Vault Secrets User for the identity.
module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault-${resourceToken}'
  params: {
    name: 'kv-${resourceToken}'
    location: location
    tags: tags
    enablePurgeProtection: enablePurgeProtection
    identityId: identity.id
    identityPrincipalId: identity.properties.principalId
    adminKey: adminKey
    linkSigningKey: linkSigningKey
    tokenKey: tokenKey
    smtpPassword: smtpPassword
  }
}

// Optional SMTP settings: left out when empty, so the app's own defaults apply (e.g. FromName = agency name).
var deliverySettings = toObject(
  filter(
    items({
      Delivery__SmtpHost: smtpHost
      Delivery__UserName: smtpUserName
      Delivery__FromAddress: fromAddress
      Delivery__FromName: fromName
    }),
    setting => !empty(setting.value)
  ),
  setting => setting.key,
  setting => setting.value
)

// Delivery__AllowedDomains__0, __1, ...: how .NET configuration binds an array from flat settings.
var allowedDomainSettings = toObject(
  range(0, length(allowedDomains)),
  i => 'Delivery__AllowedDomains__${i}',
  i => allowedDomains[i]
)

// The SMTP password is referenced only when it was given (otherwise there is no secret to reference).
var smtpPasswordSetting = empty(smtpPassword)
  ? {}
  : { Delivery__Password: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.smtpSecretUri})' }

// Every app setting but Reports__PublicBaseUrl, which the functionapp module adds from the site's host name.
var appSettings = union(
  {
    // Identity-based storage connection: the host's triggers and the app's Table/Blob/Queue clients alike.
    AzureWebJobsStorage__accountName: storage.outputs.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
    ReportSchedule: reportSchedule
    IngestSchedule: ingestSchedule
    Tokens__Keys__k1: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.tokenKeyUri})'
    Auth__AdminKey: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.adminKeyUri})'
    Reports__LinkSecret: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.linkSigningKeyUri})'
    Reports__AgencyName: agencyName
    Reports__PrimaryColor: primaryColor
    Reports__AccentColor: accentColor
    Delivery__SmtpPort: string(smtpPort)
    Delivery__Security: smtpSecurity
  },
  deliverySettings,
  allowedDomainSettings,
  smtpPasswordSetting
)

// The Flex Consumption plan and Function App, after the identity's roles exist (it depends on all three modules).
module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp-${resourceToken}'
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    appSettings: appSettings
  }
}

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Resource group of the deployment.')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Name of the Function App.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('URL of the app.')
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Name of the Key Vault.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
