using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Web.Hosting;

/// <summary>
/// Carries a caller's read-your-writes position between requests in a signed, expiring cookie,
/// so any replica can route that caller's reads, and reports which database role served the request.
/// </summary>
internal sealed class CausalConsistencyMiddleware(RequestDelegate next, IDataProtectionProvider dataProtection, IOptions<DatabaseOptions> options)
{
    public const string CookieName = "ps_lsn";
    public const string RoleHeader = "X-Db-Role";

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("PeakShop.CausalToken.v1").ToTimeLimitedDataProtector();
    private readonly TimeSpan _lifetime = options.Value.CausalTokenLifetime;

    public Task InvokeAsync(HttpContext http, ReadConsistency consistency)
    {
        var hadCookie = http.Request.Cookies.TryGetValue(CookieName, out var raw);
        if (hadCookie)
        {
            consistency.RequiredLsn = Read(raw!);
        }

        http.Response.OnStarting(() =>
        {
            if (consistency.LastWriteLsn is { } written)
            {
                http.Response.Cookies.Append(CookieName, _protector.Protect(written.ToString(), _lifetime), new CookieOptions
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
            if (consistency.ServedBy is { } role)
            {
                http.Response.Headers[RoleHeader] = role == DbRole.Primary ? "primary" : "standby";
            }
            return Task.CompletedTask;
        });
        return next(http);
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
