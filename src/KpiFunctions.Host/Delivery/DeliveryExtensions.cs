using KpiFunctions.Host.Scheduling;

namespace KpiFunctions.Host.Delivery;

/// <summary>Registers e-mail delivery of rendered reports.</summary>
public static class DeliveryExtensions
{
    /// <summary>The <c>Delivery</c> options, the recipient policy, the <c>Deliveries</c> store and the <c>DeliverReport</c> function.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration("Delivery")
            .Validate(o => o.MaxAttempts >= 1, "Delivery:MaxAttempts must be 1 or more.")
            .Validate(o => o.MaxAttachmentBytes > 0, "Delivery:MaxAttachmentBytes must be a positive number of bytes.")
            .Validate(o => o.SmtpPort is > 0 and <= 65535, "Delivery:SmtpPort must be a TCP port, 1 to 65535.")
            .Validate(o => o.RetryDelays.All(d => d >= TimeSpan.Zero), "Delivery:RetryDelays may not be negative.")
            .Validate(
                o => o.AllowedDomains.All(d => EmailAddress.NormalizeDomain(d.Trim().TrimStart('@', '*', '.')) is not null),
                "Delivery:AllowedDomains must hold domain names such as 'example.com'.")
            .Validate(
                o => string.IsNullOrWhiteSpace(o.FromAddress) || EmailAddress.Normalize(o.FromAddress, out _) is not null,
                "Delivery:FromAddress must be an e-mail address such as 'reports@example-agency.com'.")
            .ValidateOnStart();
        services.AddSingleton<RecipientPolicy>();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<DeliverReportFunction>();
        services.AddSingleton<IQueueFunction>(sp => sp.GetRequiredService<DeliverReportFunction>());
        return services;
    }
}
