using KpiFunctions.App.Clients;

namespace KpiFunctions.App.Delivery;

/// <summary>Registers e-mail delivery of rendered reports.</summary>
public static class DeliveryFeature
{
    /// <summary>The <c>Delivery</c> options, the <c>Deliveries</c> store, the queue and the <c>DeliverReport</c> job.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration("Delivery")
            .Validate(o => o.MaxAttempts >= 1, "Delivery:MaxAttempts must be 1 or more.")
            .Validate(o => o.MaxAttachmentBytes > 0, "Delivery:MaxAttachmentBytes must be a positive number of bytes.")
            .Validate(o => o.SmtpPort is > 0 and <= 65535, "Delivery:SmtpPort must be a TCP port, 1 to 65535.")
            .Validate(o => o.RetryDelays.All(d => d >= TimeSpan.Zero), "Delivery:RetryDelays may not be negative.")
            .Validate(
                o => string.IsNullOrWhiteSpace(o.FromAddress) || EmailAddress.Normalize(o.FromAddress, out _) is not null,
                "Delivery:FromAddress must be an e-mail address such as 'reports@example-agency.com'.")
            .Validate(
                o => string.IsNullOrWhiteSpace(o.ReplyTo) || EmailAddress.Normalize(o.ReplyTo, out _) is not null,
                "Delivery:ReplyTo must be an e-mail address such as 'hello@example-agency.com'.")
            .Validate(
                o => o.ContactPhone is null || (o.ContactPhone.Length <= 40 && !o.ContactPhone.Any(char.IsControl)),
                "Delivery:ContactPhone must be a phone number of at most 40 characters on one line.")
            .ValidateOnStart();
        services.AddSingleton<DeliveryStore>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<DeliverReportJob>();
        return services;
    }
}
