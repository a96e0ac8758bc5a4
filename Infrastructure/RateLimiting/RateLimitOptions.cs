using System.ComponentModel.DataAnnotations;

namespace PeakShop.Infrastructure.RateLimiting;

/// <summary>At most <see cref="PermitLimit"/> attempts per <see cref="Window"/> (a fixed window that starts at the first attempt).</summary>
public sealed record RateLimitRule
{
    [Range(1, int.MaxValue)]
    public int PermitLimit { get; init; }

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan Window { get; init; }

    public static RateLimitRule Of(int permitLimit, TimeSpan window) => new() { PermitLimit = permitLimit, Window = window };
}

/// <summary>
/// Every limit the shop applies, counted in Redis so they hold across replicas (ADR 15). The defaults are
/// production values; tests lower them (or raise them, for suites whose own traffic comes from one address).
/// </summary>
public sealed record RateLimitOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    /// <summary>Off switch for an emergency; the counters stay in Redis.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How long a limit check may wait for Redis before the request goes through unchecked (fail open).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05")]
    public TimeSpan RedisTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Sign-in attempts from one client address, whatever the account (password spraying).</summary>
    public RateLimitRule SignInPerIp { get; init; } = RateLimitRule.Of(30, TimeSpan.FromMinutes(15));

    /// <summary>Sign-in attempts for one account from one client address (guessing).</summary>
    public RateLimitRule SignInPerAccountAndIp { get; init; } = RateLimitRule.Of(6, TimeSpan.FromMinutes(15));

    /// <summary>
    /// Sign-in attempts for one account from anywhere (guessing from many addresses). Not applied to a browser
    /// with the account's known-device cookie, so nobody can lock the owner out from outside.
    /// </summary>
    public RateLimitRule SignInPerAccount { get; init; } = RateLimitRule.Of(30, TimeSpan.FromHours(1));

    /// <summary>Sign-in attempts from one known device (what applies instead of the per-account limit).</summary>
    public RateLimitRule SignInPerKnownDevice { get; init; } = RateLimitRule.Of(10, TimeSpan.FromMinutes(15));

    /// <summary>How long a successful sign-in makes the browser a known device for that account.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "730.00:00:00")]
    public TimeSpan KnownDeviceLifetime { get; init; } = TimeSpan.FromDays(180);

    /// <summary>Registrations (each sends a confirmation mail) from one client address.</summary>
    public RateLimitRule RegisterPerIp { get; init; } = RateLimitRule.Of(10, TimeSpan.FromHours(1));

    /// <summary>Registration attempts for one e-mail address.</summary>
    public RateLimitRule RegisterPerEmail { get; init; } = RateLimitRule.Of(3, TimeSpan.FromHours(1));

    /// <summary>Password-reset mails requested from one client address.</summary>
    public RateLimitRule ForgotPasswordPerIp { get; init; } = RateLimitRule.Of(10, TimeSpan.FromHours(1));

    /// <summary>Password-reset mails requested for one e-mail address.</summary>
    public RateLimitRule ForgotPasswordPerEmail { get; init; } = RateLimitRule.Of(3, TimeSpan.FromHours(1));

    /// <summary>Checkout (payment) attempts for one cart: stops card testing.</summary>
    public RateLimitRule CheckoutPerCart { get; init; } = RateLimitRule.Of(10, TimeSpan.FromMinutes(15));

    /// <summary>Search pages from one client address.</summary>
    public RateLimitRule SearchPerIp { get; init; } = RateLimitRule.Of(120, TimeSpan.FromMinutes(1));

    /// <summary>Type-ahead suggestions from one client address (one per keystroke).</summary>
    public RateLimitRule SuggestPerIp { get; init; } = RateLimitRule.Of(300, TimeSpan.FromMinutes(1));

    /// <summary>New guest carts from one client address (each is a Redis key that lives 30 days).</summary>
    public RateLimitRule CartCreationPerIp { get; init; } = RateLimitRule.Of(30, TimeSpan.FromHours(1));

    /// <summary>API calls with a partner's key, per key (ADR 21); a key's own <c>RequestsPerMinute</c> overrides the limit.</summary>
    public RateLimitRule ApiPerKey { get; init; } = RateLimitRule.Of(1200, TimeSpan.FromMinutes(1));

    /// <summary>API calls with a customer's bearer token, per customer (also counted per address).</summary>
    public RateLimitRule ApiPerCustomer { get; init; } = RateLimitRule.Of(600, TimeSpan.FromMinutes(1));

    /// <summary>API calls per client address: anonymous calls, customers' calls, and calls with a key that was refused.</summary>
    public RateLimitRule ApiPerIp { get; init; } = RateLimitRule.Of(300, TimeSpan.FromMinutes(1));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // DataAnnotations does not look into nested objects: check each rule here.
        foreach (var property in typeof(RateLimitOptions).GetProperties().Where(p => p.PropertyType == typeof(RateLimitRule)))
        {
            if (property.GetValue(this) is not RateLimitRule rule)
            {
                yield return new ValidationResult($"{Section}:{property.Name} is missing.", [property.Name]);
                continue;
            }
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(rule, new ValidationContext(rule), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult($"{Section}:{property.Name}: {result.ErrorMessage}", [property.Name]);
                }
            }
        }
    }
}
