namespace KpiFunctions.App.Clients;

/// <summary>Registers the client store and the rule of who may receive reports.</summary>
public static class ClientsFeature
{
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        services.AddOptions<RecipientOptions>().BindConfiguration("Delivery")
            .Validate(
                o => o.AllowedDomains.All(d => EmailAddress.NormalizeDomain(d.Trim().TrimStart('@', '*', '.')) is not null),
                "Delivery:AllowedDomains must hold domain names such as 'example.com'.")
            .ValidateOnStart();
        services.AddSingleton<ClientStore>();
        services.AddSingleton<RecipientPolicy>();
        return services;
    }
}
