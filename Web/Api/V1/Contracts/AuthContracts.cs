namespace PeakShop.Web.Api.V1.Contracts;

/// <summary>A customer's (or staff member's) e-mail and password, for a bearer token.</summary>
public sealed record TokenRequest(string? Email, string? Password)
{
    public const int MaxLength = 256;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Email) || Email.Length > MaxLength)
        {
            errors["email"] = ["Enter the account's e-mail address (at most 256 characters)."];
        }
        if (string.IsNullOrEmpty(Password) || Password.Length > MaxLength)
        {
            errors["password"] = ["Enter the account's password (at most 256 characters)."];
        }
        return errors;
    }
}

/// <summary>The refresh token of an earlier <c>/auth/token</c> or <c>/auth/refresh</c> answer.</summary>
public sealed record RefreshRequest(string? RefreshToken)
{
    public const int MaxLength = 4096;

    public Dictionary<string, string[]> Validate() =>
        string.IsNullOrWhiteSpace(RefreshToken) || RefreshToken.Length > MaxLength
            ? new() { ["refreshToken"] = ["Send the refreshToken of your last token answer."] }
            : [];
}

/// <summary>One rate limit the caller is counted against, as of this request.</summary>
/// <param name="Policy">The counter's name, as in the <c>RateLimit</c> headers: <c>api-key</c>, <c>api-customer</c>, <c>api-ip</c>.</param>
/// <param name="Limit">Requests allowed per window.</param>
/// <param name="Remaining">Requests left in the current window.</param>
/// <param name="ResetSeconds">Seconds until the current window ends.</param>
/// <param name="WindowSeconds">The window's length.</param>
public sealed record ApiQuota(string Policy, int Limit, int Remaining, int ResetSeconds, int WindowSeconds);

/// <summary>Who the API takes the caller for.</summary>
/// <param name="Kind">anonymous, key, customer or staff.</param>
/// <param name="Name">The key's name, or the account's e-mail address.</param>
/// <param name="KeyId">The key's public id, for a key.</param>
/// <param name="Scopes">What the caller may do: <c>read</c>, <c>write</c>.</param>
/// <param name="Quota">The caller's own rate limit; null while it cannot be read.</param>
public sealed record Me(ApiCaller Kind, string? Name, string? KeyId, IReadOnlyList<string> Scopes, ApiQuota? Quota);
