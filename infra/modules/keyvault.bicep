// The app's secrets: a Key Vault with RBAC authorization, read by the Function App through Key Vault references
// with the user-assigned identity. Secrets are written here by the deployment (control plane), so the deploying
// user needs no data-plane role.

@description('Name of the Key Vault (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags of the vault.')
param tags { *: string }

@description('Turn on purge protection: a deleted vault or secret cannot be purged before the retention ends. It cannot be turned off again.')
param enablePurgeProtection bool

@description('Resource id of the user-assigned identity the app uses (names the role assignments).')
param identityId string

@description('Principal (object) id of the user-assigned identity that reads the secrets.')
param identityPrincipalId string

@secure()
@description('The admin key (Auth:AdminKey).')
param adminKey string

@secure()
@description('The key that signs report download links (Reports:LinkSecret).')
param linkSigningKey string

@secure()
@description('The key that encrypts platform tokens at rest (Tokens:Keys:k1).')
param tokenKey string

@secure()
@description('The SMTP password (Delivery:Password); empty: no secret is created.')
param smtpPassword string

// Key Vault Secrets User
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

// The vault: RBAC instead of access policies, soft delete on (90 days), purge protection when asked for.
resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // ARM rejects an explicit false: leave the property out unless it is turned on.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // No virtual network here: the Function App resolves references over the public endpoint.
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Auth__AdminKey: the key that administers every client.
resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'auth-admin-key'
  properties: {
    value: adminKey
    contentType: 'text/plain'
  }
}

// Reports__LinkSecret: signs the time-limited report download links.
resource linkSigningKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'reports-link-secret'
  properties: {
    value: linkSigningKey
    contentType: 'text/plain'
  }
}

// Tokens__Keys__k1: encrypts the platforms' OAuth tokens stored in the Accounts table (AES-GCM).
resource tokenKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'tokens-key-k1'
  properties: {
    value: tokenKey
    contentType: 'text/plain'
  }
}

// Delivery__Password: the SMTP password, only when one was given.
resource smtpPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(smtpPassword)) {
  parent: vault
  name: 'delivery-smtp-password'
  properties: {
    value: smtpPassword
    contentType: 'text/plain'
  }
}

// Key Vault Secrets User for the app's identity on the vault: resolves the Key Vault references in the app
// settings (keyVaultReferenceIdentity), read-only.
resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identityId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

@description('Name of the vault.')
output name string = vault.name

// Versionless URIs: a reference follows the secret's current version, so rotating a secret needs no redeployment.
@description('URI of the admin key secret.')
output adminKeyUri string = adminKeySecret.properties.secretUri

@description('URI of the link-signing key secret.')
output linkSigningKeyUri string = linkSigningKeySecret.properties.secretUri
output tokenKeyUri string = tokenKeySecret.properties.secretUri

@description('URI of the SMTP password secret; empty when no password was given.')
output smtpSecretUri string = smtpPasswordSecret.?properties.secretUri ?? ''
