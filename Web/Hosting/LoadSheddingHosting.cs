using System.ComponentModel.DataAnnotations;

namespace PeakShop.Web.Hosting;

public sealed record LoadSheddingOptions
{
    public const string Section = "LoadShedding";

    /// <summary>
    /// Requests a replica works on at once. More than a few per core only adds latency; the default leaves room
    /// for requests that wait on PostgreSQL or Redis rather than the CPU.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxRequestsInFlight { get; init; } = 256;

    /// <summary>Requests that wait for a slot, oldest first; one more is refused with a 503 at once.</summary>
    [Range(0, 1_000_000)]
    public int MaxQueued { get; init; } = 1024;
}

/// <summary>The bounds of the load shedding middleware (<c>LoadShedding</c>, ADR 19).</summary>
public static class LoadSheddingHosting
{
    public static IHostApplicationBuilder AddShopLoadShedding(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LoadSheddingOptions>()
            .BindConfiguration(LoadSheddingOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
