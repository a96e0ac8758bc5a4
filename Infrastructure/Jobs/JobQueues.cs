namespace PeakShop.Infrastructure.Jobs;

/// <summary>Hangfire queues, in the order a worker takes from them.</summary>
public static class JobQueues
{
    /// <summary>What a shopper waits for: order and account e-mail.</summary>
    public const string Critical = "critical";
    public const string Default = "default";
    /// <summary>Image variants (the marketing issue).</summary>
    public const string Media = "media";
    /// <summary>Slow reads: sales reports.</summary>
    public const string Reports = "reports";

    public static string[] All { get; } = [Critical, Default, Media, Reports];
}
