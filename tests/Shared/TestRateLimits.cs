namespace PeakShop.Testing;

/// <summary>
/// Rate limits for test hosts. The production defaults (RateLimitOptions) would throttle the suites' own traffic:
/// every in-process request comes from no address and every Web process and browser from 127.0.0.1, so hundreds of
/// sign-ins and searches share one client. Test hosts start with <see cref="Generous"/>; the rate-limit tests set
/// small limits of their own and use addresses and accounts of their own.
/// Shared by the integration and end-to-end tests (linked into both projects).
/// </summary>
public static class TestRateLimits
{
    /// <summary>Every rule of RateLimitOptions (a unit test keeps the list complete).</summary>
    public static readonly string[] Rules =
    [
        "SignInPerIp", "SignInPerAccountAndIp", "SignInPerAccount", "SignInPerKnownDevice",
        "RegisterPerIp", "RegisterPerEmail", "ForgotPasswordPerIp", "ForgotPasswordPerEmail",
        "CheckoutPerCart", "SearchPerIp", "SuggestPerIp", "CartCreationPerIp",
        "ApiPerKey", "ApiPerCustomer", "ApiPerIp",
    ];

    /// <summary>A million attempts per rule and window: no test's own traffic reaches it.</summary>
    public static IReadOnlyDictionary<string, string> Generous { get; } =
        Rules.ToDictionary(rule => $"RateLimits:{rule}:PermitLimit", _ => "1000000");
}
