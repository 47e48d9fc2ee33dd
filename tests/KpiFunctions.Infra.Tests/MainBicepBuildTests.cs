using System.Text.Encodings.Web;
using System.Text.Json;

namespace KpiFunctions.Infra.Tests;

/// <summary>
/// <c>bicep build infra/main.bicep</c> succeeds with no diagnostic at all, and the ARM JSON it prints (parsed,
/// modules included) holds the resources the deployment needs, configured as README "Deploy to Azure" says.
/// </summary>
public class MainBicepBuildTests
{
    // Built-in role definition ids (the same in every tenant).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    // Unescaped, so expression text reads as written ('@', quotes and '+' as they are).
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Build_MainBicep_ExitsZeroWithNothingOnStderr()
    {
        var template = await CompiledTemplate.MainAsync();

        // Warnings (BCP081 "no type available", linter rules, ...) go to stderr while the exit code stays 0.
        Assert.True(template.Run.ExitCode == 0 && template.Run.StdErr.Trim().Length == 0, template.Run.ToString());
        Assert.NotEmpty(template.Resources);
    }

    [Fact]
    public async Task Build_FunctionApp_IsLinuxFlexConsumptionDotnetIsolated10()
    {
        var template = await CompiledTemplate.MainAsync();

        var plan = template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan.Json["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan.Json["sku"]?["tier"]);
        Assert.True((bool?)plan.Properties["reserved"], "A Flex Consumption plan is Linux (reserved: true).");

        var site = template.Single("Microsoft.Web/sites");
        Assert.Contains("functionapp", (string?)site.Json["kind"], StringComparison.Ordinal);
        Assert.Contains("linux", (string?)site.Json["kind"], StringComparison.Ordinal);
        var config = site.Properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]?["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]?["version"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]?["storage"]?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]?["storage"]?["authentication"]?["type"]);
        Assert.NotNull(config["scaleAndConcurrency"]?["maximumInstanceCount"]);
        Assert.NotNull(config["scaleAndConcurrency"]?["instanceMemoryMB"]);
    }

    [Fact]
    public async Task Build_FunctionApp_IsHttpsOnlyWithTls12AndNoBasicPublishing()
    {
        var template = await CompiledTemplate.MainAsync();

        var site = template.Single("Microsoft.Web/sites");
        Assert.True((bool?)site.Properties["httpsOnly"]);
        Assert.Equal("1.2", (string?)site.Properties["siteConfig"]?["minTlsVersion"]);
        var policies = template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False((bool?)p.Properties["allow"]));
    }

    [Fact]
    public async Task Build_FunctionApp_RunsAsUserAssignedIdentityTaggedForAzd()
    {
        var template = await CompiledTemplate.MainAsync();

        Assert.Single(template.OfType("Microsoft.ManagedIdentity/userAssignedIdentities"));
        var site = template.Single("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", (string?)site.Json["identity"]?["type"]);
        Assert.NotNull(site.Properties["keyVaultReferenceIdentity"]);
        // The tags are an expression (the module's tags plus this one): its text must add azd-service-name: api.
        Assert.Contains("'azd-service-name', 'api'", (string?)site.Json["tags"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_Storage_AllowsNoSharedKeyAndNoPublicBlobs()
    {
        var template = await CompiledTemplate.MainAsync();

        var storage = template.Single("Microsoft.Storage/storageAccounts");
        Assert.False((bool?)storage.Properties["allowSharedKeyAccess"]);
        Assert.False((bool?)storage.Properties["allowBlobPublicAccess"]);
        Assert.Equal("TLS1_2", (string?)storage.Properties["minimumTlsVersion"]);
        Assert.Single(template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
    }

    [Theory]
    [InlineData(StorageBlobDataOwner, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageQueueDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(StorageTableDataContributor, "Microsoft.Storage/storageAccounts")]
    [InlineData(MonitoringMetricsPublisher, "Microsoft.Insights/components")]
    [InlineData(KeyVaultSecretsUser, "Microsoft.KeyVault/vaults")]
    public async Task Build_RoleAssignment_GrantsRoleToServicePrincipalOnResource(string roleId, string scopeType)
    {
        var template = await CompiledTemplate.MainAsync();

        var assignments = template.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => a.ResolveVariables((string)a.Properties["roleDefinitionId"]!).Contains(roleId, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var assignment = Assert.Single(assignments);
        Assert.Equal("ServicePrincipal", (string?)assignment.Properties["principalType"]);
        Assert.Contains(scopeType, (string?)assignment.Json["scope"], StringComparison.OrdinalIgnoreCase);
        // Deterministic names: a redeployment finds the same assignment instead of failing on a duplicate.
        Assert.StartsWith("[guid(", (string?)assignment.Json["name"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_KeyVault_UsesRbacSoftDeleteAndOptionalSmtpSecret()
    {
        var template = await CompiledTemplate.MainAsync();

        var vault = template.Single("Microsoft.KeyVault/vaults");
        Assert.True((bool?)vault.Properties["enableRbacAuthorization"]);
        Assert.True((bool?)vault.Properties["enableSoftDelete"]);
        var secrets = template.OfType("Microsoft.KeyVault/vaults/secrets").ToList();
        Assert.Equal(4, secrets.Count);
        // Admin key, link-signing key and token key always; the SMTP password only when one was given.
        Assert.Equal(1, secrets.Count(s => s.IsConditional));
    }

    [Fact]
    public async Task Build_ApplicationInsights_IsWorkspaceBasedWithLocalAuthOff()
    {
        var template = await CompiledTemplate.MainAsync();

        Assert.Single(template.OfType("Microsoft.OperationalInsights/workspaces"));
        var insights = template.Single("Microsoft.Insights/components");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string?)insights.Properties["WorkspaceResourceId"], StringComparison.Ordinal);
        Assert.True((bool?)insights.Properties["DisableLocalAuth"]);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__accountName")]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")]
    [InlineData("ReportSchedule")]
    [InlineData("IngestSchedule")]
    [InlineData("Tokens__Keys__k1")]
    [InlineData("Auth__AdminKey")]
    [InlineData("Reports__LinkSecret")]
    [InlineData("Reports__AgencyName")]
    [InlineData("Reports__PrimaryColor")]
    [InlineData("Reports__AccentColor")]
    [InlineData("Reports__PublicBaseUrl")]
    [InlineData("Delivery__SmtpHost")]
    [InlineData("Delivery__SmtpPort")]
    [InlineData("Delivery__Security")]
    [InlineData("Delivery__UserName")]
    [InlineData("Delivery__Password")]
    [InlineData("Delivery__FromAddress")]
    [InlineData("Delivery__FromName")]
    [InlineData("Delivery__AllowedDomains__")]
    public async Task Build_AppSettings_NameSettingTheAppReads(string setting)
    {
        var template = await CompiledTemplate.MainAsync();

        // The settings object is an ARM expression (createObject/union over module outputs): look for the name
        // as a quoted key in the text of the module's appSettings parameter and the appsettings resource.
        Assert.Contains($"'{setting}", AppSettingsText(template), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("AccountKey=")]
    [InlineData("listKeys(")]
    public async Task Build_Template_NeverSetsWhatFlexConsumptionOrNoSharedKeyForbids(string text)
    {
        var template = await CompiledTemplate.MainAsync();

        Assert.DoesNotContain(text, template.Json.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auth__AdminKey")]
    [InlineData("Reports__LinkSecret")]
    [InlineData("Tokens__Keys__k1")]
    [InlineData("Delivery__Password")]
    public async Task Build_SecretSetting_IsKeyVaultReference(string setting)
    {
        var template = await CompiledTemplate.MainAsync();

        Assert.Matches($@"'{setting}', format\('@Microsoft\.KeyVault\(SecretUri=\{{0\}}\)'", AppSettingsText(template));
    }

    // The settings object of main.bicep (the module's appSettings parameter and the variables it unions) and what
    // the functionapp module adds in its appsettings resource, as text.
    private static string AppSettingsText(CompiledTemplate template)
    {
        var module = template.OfType("Microsoft.Resources/deployments")
            .Single(d => d.Properties["parameters"]?["appSettings"] is not null);
        var settings = template.Single("Microsoft.Web/sites/config");
        return string.Concat(
            module.Properties["parameters"]!["appSettings"]!.ToJsonString(JsonOptions),
            template.Json["variables"]?.ToJsonString(JsonOptions),
            settings.Json["properties"]!.ToJsonString(JsonOptions));
    }
}
