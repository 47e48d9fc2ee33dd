using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace KpiFunctions.Host.Storage;

/// <summary>The app's tables, named once, created at start-up.</summary>
public sealed class Tables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly string _prefix = options.Value.TablePrefix;

    public TableClient Clients => Get("Clients");

    public TableClient Accounts => Get("Accounts");

    public TableClient Metrics => Get("Metrics");

    public TableClient ApiKeys => Get("ApiKeys");

    private IEnumerable<TableClient> All => [Clients, Accounts, Metrics, ApiKeys];

    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var table in All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }

    private TableClient Get(string name) => service.GetTableClient(_prefix + name);
}

/// <summary>Creates the tables before the app takes requests.</summary>
internal sealed class TablesInitializer(Tables tables) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => tables.CreateAllAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
