using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Web.Api;

namespace PeakShop.Web.Middleware;

/// <summary>
/// Carries a caller's read-your-writes position between requests in a signed, expiring cookie,
/// so any replica can route that caller's reads, and reports which database role served the request.
/// API clients rarely keep cookies: under <c>/api</c> the same token travels in the <see cref="TokenHeader"/>
/// header instead (sent back by the client on its next requests), and no cookie is set.
/// </summary>
internal sealed class CausalConsistencyMiddleware(RequestDelegate next, IDataProtectionProvider dataProtection, IOptions<DatabaseOptions> options)
{
    public const string CookieName = "ps_lsn";
    public const string RoleHeader = "X-Db-Role";
    public const string TokenHeader = "Consistency-Token";

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("PeakShop.CausalToken.v1").ToTimeLimitedDataProtector();
    private readonly TimeSpan _lifetime = options.Value.CausalTokenLifetime;

    public Task InvokeAsync(HttpContext http, ReadConsistency consistency)
    {
        if (ApiPaths.IsApi(http.Request.Path))
        {
            return InvokeApiAsync(http, consistency);
        }
        var hadCookie = http.Request.Cookies.TryGetValue(CookieName, out var raw);
        if (hadCookie)
        {
            consistency.RequiredLsn = Read(raw!);
        }

        http.Response.OnStarting(() =>
        {
            if (consistency.LastWriteLsn is { } written)
            {
                http.Response.Cookies.Append(CookieName, Protect(written), new CookieOptions
                {
                    HttpOnly = true,
                    Secure = http.Request.IsHttps,
                    SameSite = SameSiteMode.Lax,
                    IsEssential = true,
                    MaxAge = _lifetime,
                });
            }
            else if (hadCookie && (consistency.RequiredLsn is null || consistency.RequirementSatisfied))
            {
                // A standby has caught up (or the token was unreadable): the caller no longer needs the primary.
                http.Response.Cookies.Delete(CookieName);
            }
            WriteRole(http, consistency);
            return Task.CompletedTask;
        });
        return next(http);
    }

    /// <summary>
    /// The same token in a header: a write answers with a new one; a client that sends one reads at least what it
    /// wrote. A token that is still needed is echoed back, so a client may simply keep the last one it was given.
    /// </summary>
    private Task InvokeApiAsync(HttpContext http, ReadConsistency consistency)
    {
        var sent = http.Request.Headers[TokenHeader].ToString();
        if (sent.Length > 0)
        {
            consistency.RequiredLsn = Read(sent);
        }
        http.Response.OnStarting(() =>
        {
            if (consistency.LastWriteLsn is { } written)
            {
                http.Response.Headers[TokenHeader] = Protect(written);
            }
            else if (consistency.RequiredLsn is not null && !consistency.RequirementSatisfied)
            {
                http.Response.Headers[TokenHeader] = sent;
            }
            WriteRole(http, consistency);
            return Task.CompletedTask;
        });
        return next(http);
    }

    private string Protect(NpgsqlLogSequenceNumber lsn) => _protector.Protect(lsn.ToString(), _lifetime);

    private static void WriteRole(HttpContext http, ReadConsistency consistency)
    {
        if (consistency.ServedBy is { } role)
        {
            http.Response.Headers[RoleHeader] = role == DbRole.Primary ? "primary" : "standby";
        }
    }

    private NpgsqlLogSequenceNumber? Read(string raw)
    {
        try
        {
            return NpgsqlLogSequenceNumber.TryParse(_protector.Unprotect(raw), out var lsn) ? lsn : null;
        }
        catch (CryptographicException)
        {
            // Tampered, expired or from another key ring: treat as absent.
            return null;
        }
    }
}
