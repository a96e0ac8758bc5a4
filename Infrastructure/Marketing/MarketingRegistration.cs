using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Marketing;

/// <summary>Settings under <c>Store</c>.</summary>
public sealed record StoreOptions : IValidatableObject
{
    public const string Section = "Store";

    /// <summary>The IANA zone the store plans in: the default for schedules entered by staff.</summary>
    public string TimeZone { get; init; } = "UTC";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!BannerRules.TryFindZone(TimeZone, out _))
        {
            yield return new ValidationResult($"Store:TimeZone '{TimeZone}' is not an IANA time zone such as Europe/Berlin or UTC.", [nameof(TimeZone)]);
        }
    }
}

internal static class MarketingRegistration
{
    /// <summary>Banners: staff writes, storefront reads and the schedule-boundary evictions.</summary>
    public static void AddMarketingServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<MarketingOptions>().BindConfiguration(MarketingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<BannerAdmin>();
        builder.Services.AddSingleton<BannerBoundaries>();
        builder.Services.AddScoped<BannerReader>();
    }
}
