using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace KpiFunctions.App.Storage;

/// <summary>The app's tables, named once, created at start-up.</summary>
public sealed class Tables(TableServiceClient service, IOptions<StorageOptions> options)
{
    private readonly string _prefix = options.Value.Prefix;

    public TableClient Clients => Get("Clients");

    public TableClient Accounts => Get("Accounts");

    public TableClient Metrics => Get("Metrics");

    public TableClient ApiKeys => Get("ApiKeys");

    public TableClient Goals => Get("Goals");

    public TableClient Reports => Get("Reports");

    public TableClient Deliveries => Get("Deliveries");

    public TableClient Commentaries => Get("Commentaries");

    public TableClient Runs => Get("Runs");

    public TableClient Posts => Get("Posts");

    private IEnumerable<TableClient> All => [Clients, Accounts, Metrics, ApiKeys, Goals, Reports, Deliveries, Commentaries, Runs, Posts];

    public async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var table in All)
        {
            await table.CreateIfNotExistsAsync(cancellationToken);
        }
    }

    private TableClient Get(string name) => service.GetTableClient(_prefix + name);
}
