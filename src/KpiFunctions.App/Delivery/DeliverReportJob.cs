using System.Text.Json;
using KpiFunctions.App.Clients;
using KpiFunctions.App.Reports;
using KpiFunctions.App.Storage;
using KpiFunctions.Reports;
using Microsoft.Extensions.Options;
using MimeKit;

namespace KpiFunctions.App.Delivery;

/// <summary>
/// The <c>DeliverReport</c> job (queue <c>deliver-report</c>): e-mails a rendered report to each recipient of a
/// round, once.
/// </summary>
/// <remarks>
/// <para>
/// Exactly once per recipient and round: before talking to the SMTP server the recipient's row is claimed,
/// <c>sending</c>, by a write conditional on the row's ETag (an insert for a new row), and only the worker whose write
/// wins sends; after the server's answer the row becomes <c>sent</c> or <c>failed</c>. A message delivered again,
/// a retry racing the original, or two hosts, therefore find the row claimed or done and send nothing.
/// </para>
/// <para>
/// A <c>sending</c> row older than <see cref="DeliveryStore.SendingLease"/> was left by a process that died between
/// claiming and recording: whether the server got the e-mail is unknown, so it is not sent again automatically (that
/// could be a duplicate) but marked failed, <c>interrupted; resend to retry</c>: a person decides, and a resend
/// starts a new round. A younger claim may belong to a live worker: it is left alone and looked at again after the
/// lease.
/// </para>
/// <para>
/// Retries go only to recipients that failed and may succeed later (server unreachable, 4xx): one new message for
/// just them, visible after the backoff of <see cref="DeliveryOptions.RetryDelays"/>, carrying the attempt it makes.
/// A recipient is tried by a message only when its attempts are below the message's, so a duplicate retry message
/// finds nothing to do; one whose failure came from this very attempt gets its retry message (again), in case the
/// run that failed died before enqueuing it.
/// </para>
/// </remarks>
public sealed class DeliverReportJob(
    ClientStore clients,
    ReportStore reports,
    ReportFiles files,
    DeliveryStore deliveries,
    DeliveryQueue queue,
    RecipientPolicy policy,
    IOptionsMonitor<DeliveryOptions> deliveryOptions,
    IOptions<ReportOptions> reportOptions,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<DeliverReportJob> logger)
{
    private readonly Lazy<byte[]?> _logo = new(() => LoadLogo(reportOptions.Value.LogoPath, environment.ContentRootPath, logger));

    /// <summary>The reason recorded for a claim left by a process that died while sending.</summary>
    public const string InterruptedReason = "interrupted; resend to retry";

    /// <summary>E-mails the message's report to each recipient of its round who has not had it.</summary>
    public async Task RunAsync(DeliverReportMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Round is not null && !DeliveryRounds.IsValid(request.Round))
        {
            throw new JsonException($"'{request.Round}' is not a delivery round id.");
        }

        if (await PrepareAsync(request, cancellationToken) is not { } run)
        {
            return;
        }

        await using (run.Smtp)
        {
            foreach (var email in run.Recipients)
            {
                await DeliverToAsync(run, email, cancellationToken);
            }
        }

        await RecordStatusAsync(run.Report, cancellationToken);
        foreach (var (attempt, (emails, delay)) in run.FollowUps)
        {
            await queue.EnqueueAsync(new DeliverReportMessage(run.Report.ClientId, run.Report.ReportId, emails, run.Round, attempt), delay, cancellationToken);
        }

        if (run.Rechecks.Count > 0)
        {
            await queue.EnqueueAsync(
                new DeliverReportMessage(run.Report.ClientId, run.Report.ReportId, run.Rechecks, run.Round, run.Attempt),
                run.RecheckDelay,
                cancellationToken);
        }
    }

    /// <summary>
    /// The report's status after this run: delivered when every recipient it was sent to has it, partially delivered
    /// when some have it; unchanged while nobody has.
    /// </summary>
    private async Task RecordStatusAsync(ReportRecord report, CancellationToken cancellationToken)
    {
        var rows = await deliveries.ListAsync(report.ClientId, report.ReportId, cancellationToken);
        var byRecipient = rows.GroupBy(r => EmailAddress.Key(r.Email)).ToList();
        var received = byRecipient.Count(g => g.Any(r => r.Status == DeliveryStatus.Sent));
        if (received > 0)
        {
            var status = received == byRecipient.Count ? ReportStatus.Delivered : ReportStatus.PartiallyDelivered;
            await reports.TrySetDeliveryStatusAsync(report, status, cancellationToken);
        }
    }

    private async Task<Run?> PrepareAsync(DeliverReportMessage request, CancellationToken cancellationToken)
    {
        if (await clients.FindAsync(request.ClientId, cancellationToken) is not { } client)
        {
            Log.DeliveryClientGone(logger, request.ClientId, request.ReportId);
            return null;
        }

        if (await reports.FindAsync(request.ClientId, request.ReportId, cancellationToken) is not { } report)
        {
            Log.DeliveryReportGone(logger, request.ClientId, request.ReportId);
            return null;
        }

        switch (report.Status)
        {
            case ReportStatus.Failed:
                // Never sent, and no delivery row is written: nothing may look delivered.
                Log.DeliveryOfFailedReport(logger, request.ClientId, request.ReportId, report.Error);
                return null;
            case ReportStatus.AwaitingReview:
            case var _ when report.NeedsApproval(client):
                // Never sent unreviewed: the approval enqueues the delivery again.
                Log.DeliveryAwaitsReview(logger, request.ClientId, request.ReportId);
                return null;
            case var status when !status.HasFiles():
                // Being (re-)rendered: throwing brings the message back after the queue's backoff.
                throw new InvalidOperationException(
                    $"Report {request.ReportId} of client {request.ClientId} is {report.Status}, not rendered yet: its delivery waits.");
        }

        var recipients = (request.Recipients ?? client.Recipients.Select(r => r.Email).ToList())
            .DistinctBy(EmailAddress.Key)
            .ToList();
        if (recipients.Count == 0)
        {
            Log.DeliveryWithoutRecipients(logger, request.ClientId, request.ReportId);
            return null;
        }

        var pdf = await files.ReadPdfAsync(report.ClientId, report.ReportId, cancellationToken)
            ?? throw new InvalidOperationException($"The PDF of report {report.ReportId} of client {report.ClientId} is missing from Blob Storage.");
        if (report.PdfSha256 is { } sha && ReportFiles.Sha256(pdf) != sha)
        {
            // The blob no longer matches the record: a re-render is writing it. Try again once it is done.
            throw new InvalidOperationException($"The PDF of report {report.ReportId} of client {report.ClientId} does not match its SHA-256: it is being rendered again.");
        }

        // The e-mail's headline numbers are the snapshot's, the numbers of this very PDF.
        var data = await files.ReadDataAsync(report.ClientId, report.ReportId, cancellationToken);
        if (data is not null && report.DataSha256 is { } dataSha && ReportFiles.Sha256(data) != dataSha)
        {
            throw new InvalidOperationException($"The JSON snapshot of report {report.ReportId} of client {report.ClientId} does not match its SHA-256: it is being rendered again.");
        }

        var snapshot = data is null ? null : ReportSnapshot.ReadHeadline(data);
        if (snapshot is null)
        {
            Log.DeliveryWithoutSnapshot(logger, report.ClientId, report.ReportId);
        }

        var options = deliveryOptions.CurrentValue;
        ReportContent content;
        if (pdf.LongLength > options.MaxAttachmentBytes)
        {
            var (url, expiresAt) = files.CreateDownloadLink(report.ClientId, report.ReportId);
            content = new ReportContent(null, url, expiresAt);
        }
        else
        {
            content = new ReportContent(pdf, null, null);
        }

        var brand = reportOptions.Value;
        var agency = brand.AgencyName;
        var from = EmailAddress.Normalize(options.FromAddress, out _);
        var replyTo = client.ReplyTo ?? EmailAddress.Normalize(options.ReplyTo, out _);
        var sender = from is null ? null : new MailboxAddress(string.IsNullOrWhiteSpace(options.FromName) ? agency : options.FromName, from);
        return new Run(client, report, request.Round ?? DeliveryRounds.Initial, request.Attempt ?? 1, recipients, options, new SmtpSession(options))
        {
            From = sender,
            Email = sender is null
                ? null
                : new ReportEmail(new ReportEmailParts(
                    client,
                    report,
                    new Branding(agency, brand.PrimaryColor, brand.AccentColor, _logo.Value),
                    sender,
                    replyTo is null ? null : new MailboxAddress(agency, replyTo),
                    options.ContactPhone,
                    snapshot,
                    content)),
            CannotSend = from is null ? "No sender is configured: set Delivery:FromAddress to an address such as reports@example-agency.com." : null,
        };
    }

    private async Task DeliverToAsync(Run run, string email, CancellationToken cancellationToken)
    {
        // Each pass reads the row and makes one conditional write; a lost race reads again.
        for (var pass = 0; pass < 3; pass++)
        {
            var row = await deliveries.FindAsync(run.Report.ClientId, run.Report.ReportId, run.Round, email, cancellationToken);
            var now = time.GetUtcNow();
            switch (row)
            {
                case null:
                    break;
                case { Status: DeliveryStatus.Sent }:
                    return;
                case { Status: DeliveryStatus.Sending, SendingAt: var claimedAt } when now - claimedAt < DeliveryStore.SendingLease:
                    run.Recheck(email, claimedAt!.Value + DeliveryStore.SendingLease - now);
                    return;
                case { Status: DeliveryStatus.Sending }:
                    var interrupted = row with
                    {
                        Status = DeliveryStatus.Failed, Reason = InterruptedReason, NextAttemptAt = null, UpdatedAt = now,
                    };
                    if (await deliveries.TryWriteAsync(row, interrupted, cancellationToken) is not null)
                    {
                        Log.DeliveryInterrupted(logger, run.Report.ClientId, run.Report.ReportId, run.Round, email, row.SendingAt);
                        return;
                    }

                    continue;
                case { Status: DeliveryStatus.Failed, NextAttemptAt: null }:
                    return;
                case { Status: DeliveryStatus.Failed } when row.Attempts > run.Attempt:
                    return;
                case { Status: DeliveryStatus.Failed } when row.Attempts == run.Attempt:
                    // Failed in this very attempt, maybe by a run that died before it enqueued the retry.
                    run.FollowUp(row.Attempts + 1, row.NextAttemptAt!.Value - now, email);
                    return;
            }

            if (await AttemptAsync(run, row, email, now, cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>Tries to send to one recipient; false when another worker changed the row first.</summary>
    private async Task<bool> AttemptAsync(Run run, RecipientDelivery? row, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var blank = row ?? new RecipientDelivery(run.Report.ClientId, run.Report.ReportId, run.Round, email, DeliveryStatus.Failed, 0);
        var attempts = blank.Attempts;

        // The allow-list may have changed since the address was saved: checked again right before sending.
        var address = EmailAddress.Normalize(email, out var problem);
        problem ??= policy.NotAllowed(address!);
        if (problem is not null)
        {
            return await RecordFailureAsync(run, row, blank, problem, retry: false, now, cancellationToken);
        }

        var messageId = DeliveryEmail.MessageId(run.Report.ClientId, run.Report.ReportId, run.Round, email, EmailAddress.Domain(run.From?.Address ?? "x@localhost"));
        run.CannotSend ??= await run.Smtp.ConnectAsync(cancellationToken);
        if (run.CannotSend is { } down)
        {
            return await RecordFailureAsync(run, row, blank with { Attempts = attempts + 1, MessageId = messageId }, down, retry: true, now, cancellationToken);
        }

        var sending = blank with
        {
            Status = DeliveryStatus.Sending, Attempts = attempts + 1, SendingAt = now, MessageId = messageId,
            Reason = null, NextAttemptAt = null, UpdatedAt = now,
        };
        if (await deliveries.TryWriteAsync(row, sending, cancellationToken) is not { } claimed)
        {
            return false;
        }

        // From here until the outcome is written the recipient is claimed: nobody else sends to it.
        var name = run.Client.Recipients.FirstOrDefault(r => EmailAddress.Key(r.Email) == EmailAddress.Key(email))?.Name;
        var mail = run.Email!.Compose(new Recipient(email, name), messageId, now);
        var outcome = await run.Smtp.SendAsync(mail, cancellationToken);
        var after = time.GetUtcNow();
        if (outcome.Sent)
        {
            await deliveries.WriteOutcomeAsync(
                claimed with { Status = DeliveryStatus.Sent, SentAt = after, SmtpResponse = outcome.Response, UpdatedAt = after },
                cancellationToken);
            Log.DeliverySent(logger, run.Report.ClientId, run.Report.ReportId, run.Round, email, messageId);
            return true;
        }

        var failed = Failure(run, claimed, outcome.Error!, outcome.Retry, after);
        await deliveries.WriteOutcomeAsync(failed, cancellationToken);
        run.FollowUp(failed, after);
        Log.DeliveryFailed(logger, run.Report.ClientId, run.Report.ReportId, run.Round, email, failed.Attempts, failed.Reason!, failed.NextAttemptAt);
        return true;
    }

    private async Task<bool> RecordFailureAsync(
        Run run, RecipientDelivery? row, RecipientDelivery next, string reason, bool retry, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failed = Failure(run, next, reason, retry, now);
        if (await deliveries.TryWriteAsync(row, failed, cancellationToken) is null)
        {
            return false;
        }

        run.FollowUp(failed, now);
        Log.DeliveryFailed(logger, run.Report.ClientId, run.Report.ReportId, run.Round, failed.Email, failed.Attempts, reason, failed.NextAttemptAt);
        return true;
    }

    /// <summary>The failed row; a failure that may pass gets a next attempt, unless the attempts are used up.</summary>
    private static RecipientDelivery Failure(Run run, RecipientDelivery row, string reason, bool retry, DateTimeOffset now)
    {
        var again = retry && row.Attempts < run.Options.MaxAttempts;
        return row with
        {
            Status = DeliveryStatus.Failed,
            Reason = reason,
            NextAttemptAt = again ? now + run.Options.RetryDelay(row.Attempts) : null,
            SendingAt = null,
            UpdatedAt = now,
        };
    }

    // An e-mail without the logo is better than none: a logo that cannot be read is left out (the render reports it).
    private static byte[]? LoadLogo(string? path, string contentRoot, ILogger logger)
    {
        try
        {
            return ReportBuilder.LoadLogo(path, contentRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.DeliveryLogoUnreadable(logger, path, e.Message);
            return null;
        }
    }

    /// <summary>One run: what is sent, to whom, and what is left for later messages.</summary>
    private sealed class Run(
        Client client,
        ReportRecord report,
        string round,
        int attempt,
        IReadOnlyList<string> recipients,
        DeliveryOptions options,
        SmtpSession smtp)
    {
        public Client Client => client;

        public ReportRecord Report => report;

        public string Round => round;

        public int Attempt => attempt;

        public IReadOnlyList<string> Recipients => recipients;

        public DeliveryOptions Options => options;

        public SmtpSession Smtp => smtp;

        public required MailboxAddress? From { get; init; }

        /// <summary>The report's e-mail, the same for every recipient but the greeting; null when there is no sender.</summary>
        public required ReportEmail? Email { get; init; }

        /// <summary>Why nothing can be sent in this run (no sender, SMTP server unreachable); null while it can.</summary>
        public string? CannotSend { get; set; }

        /// <summary>Retry messages to enqueue: attempt → its recipients and the wait before it.</summary>
        public FollowUps FollowUps { get; } = new();

        /// <summary>Recipients claimed by a worker that may be alive: looked at again after the lease.</summary>
        public List<string> Rechecks { get; } = [];

        public TimeSpan RecheckDelay { get; private set; }

        public void FollowUp(int nextAttempt, TimeSpan delay, string email) => FollowUps.Add(nextAttempt, delay, email);

        /// <summary>Schedules the retry of a recorded failure, if it is retried.</summary>
        public void FollowUp(RecipientDelivery failed, DateTimeOffset now)
        {
            if (failed.WillRetry)
            {
                FollowUps.Add(failed.Attempts + 1, failed.NextAttemptAt!.Value - now, failed.Email);
            }
        }

        public void Recheck(string email, TimeSpan remaining)
        {
            Rechecks.Add(email);
            // A little past the lease, so that the claim has surely expired when the message comes back.
            var delay = remaining + TimeSpan.FromSeconds(30);
            RecheckDelay = delay > RecheckDelay ? delay : RecheckDelay;
        }
    }

    /// <summary>Recipients to retry, grouped by the attempt they make next; each group waits for its longest delay.</summary>
    private sealed class FollowUps : IEnumerable<KeyValuePair<int, (List<string> Emails, TimeSpan Delay)>>
    {
        private readonly SortedDictionary<int, (List<string> Emails, TimeSpan Delay)> _groups = [];

        public void Add(int attempt, TimeSpan delay, string email)
        {
            var (emails, current) = _groups.TryGetValue(attempt, out var group) ? group : ([], TimeSpan.Zero);
            if (!emails.Contains(email, StringComparer.OrdinalIgnoreCase))
            {
                emails.Add(email);
            }

            _groups[attempt] = (emails, delay > current ? delay : current);
        }

        public IEnumerator<KeyValuePair<int, (List<string> Emails, TimeSpan Delay)>> GetEnumerator() => _groups.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
