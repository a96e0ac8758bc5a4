using System.Globalization;
using PeakShop.Infrastructure.Api;
using PeakShop.Infrastructure.RateLimiting;

namespace PeakShop.Web.Components.Pages.Admin.ApiKeys;

/// <summary>How <c>/admin/api-keys</c> words a key's figures (kept out of the markup so it can be tested).</summary>
public static class ApiKeyDisplay
{
    public static string Scopes(IEnumerable<string> scopes) => string.Join(", ", scopes);

    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never";

    /// <summary>The key's limit: its own, or the default for every key.</summary>
    public static RateLimitRule Rule(ApiKeyRow key, RateLimitOptions options) =>
        key.RequestsPerMinute is { } perMinute ? RateLimitRule.Of(perMinute, TimeSpan.FromMinutes(1)) : options.ApiPerKey;

    /// <summary>"37 of 1,200 (resets in 42 s)", "0 of 1,200" when no window is open, "unknown" when Redis could not say.</summary>
    public static string Usage(RateLimitCounterState? state, RateLimitRule rule)
    {
        var limit = rule.PermitLimit.ToString("N0", CultureInfo.InvariantCulture);
        if (state is null)
        {
            return "unknown";
        }
        if (state.Count == 0)
        {
            return $"0 of {limit}";
        }
        var used = Math.Min(state.Count, rule.PermitLimit).ToString("N0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{used} of {limit} (resets in {state.ResetSeconds} s)");
    }

    public static string Window(RateLimitRule rule) => rule.Window == TimeSpan.FromMinutes(1)
        ? "per minute"
        : string.Create(CultureInfo.InvariantCulture, $"per {rule.Window.TotalSeconds:N0} s");
}
