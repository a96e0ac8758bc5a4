using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace PeakShop.Infrastructure.Jobs;

/// <summary>Hangfire storage, worker and housekeeping settings (section <c>Jobs</c>).</summary>
public sealed record JobsOptions : IValidatableObject
{
    public const string Section = "Jobs";

    /// <summary>The PostgreSQL schema of Hangfire's tables.</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]{0,62}$")]
    public string Schema { get; set; } = "hangfire";

    /// <summary>How often an idle worker asks its queues for a job: the floor of enqueue-to-start latency.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often scheduled jobs (retries) are moved to their queue.</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A job fetched by a worker that died becomes visible again after this (sliding, kept alive while it runs).</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 200)]
    public int WorkerCount { get; set; } = 10;

    /// <summary>How long a stopping worker lets running jobs finish before it cancels them.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Delays between attempts of a failing job, in seconds, comma-separated; their count is the number of retries.</summary>
    [Required]
    public string RetryDelaysSeconds { get; set; } = "10,30,60,300,900,1800,3600";

    /// <summary>How often the outbox is read for new rows.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>A reservation in the e-mail ledger older than this is taken over (its worker died mid-send).</summary>
    public TimeSpan SendingLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the e-mail ledger remembers a sent message (its idempotency key).</summary>
    public TimeSpan LedgerRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long dispatched outbox rows are kept (for diagnosis).</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long finished reports (and their CSV) are kept.</summary>
    public TimeSpan ReportRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Who gets the daily sales summary, comma-separated.</summary>
    public string DailySummaryRecipients { get; set; } = "staff@peakshop.test";

    public int[] RetryDelays() =>
        [.. RetryDelaysSeconds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture))];

    public IReadOnlyList<string> SummaryRecipients() =>
        DailySummaryRecipients.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var parts = RetryDelaysSeconds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s > 86_400))
        {
            yield return new ValidationResult("Jobs:RetryDelaysSeconds must be a comma-separated list of seconds (0..86400).", [nameof(RetryDelaysSeconds)]);
        }
        foreach (var (name, value) in new[] { (nameof(QueuePollInterval), QueuePollInterval), (nameof(SchedulePollingInterval), SchedulePollingInterval), (nameof(OutboxPollInterval), OutboxPollInterval) })
        {
            if (value < TimeSpan.FromMilliseconds(10) || value > TimeSpan.FromMinutes(5))
            {
                yield return new ValidationResult($"Jobs:{name} must be between 10 ms and 5 minutes.", [name]);
            }
        }
    }
}
