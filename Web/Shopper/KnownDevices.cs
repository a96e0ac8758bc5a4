using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.RateLimiting;

namespace PeakShop.Web.Shopper;

/// <summary>
/// The "known device" cookie of OWASP's lockout guidance: a successful sign-in marks the browser as a device
/// of that account (Data-Protection protected, so nobody can forge one). Sign-in attempts for the account from
/// such a browser are counted per device instead of per account, so an outsider who exhausts the account's limit
/// cannot lock its owner out. The cookie holds one account (the last one signed in with) and a random device id.
/// </summary>
internal sealed class KnownDevices(IDataProtectionProvider dataProtection, IOptionsMonitor<RateLimitOptions> options, TimeProvider time)
{
    public const string CookieName = "ps_device";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("PeakShop.KnownDevice.v1");

    /// <summary>The device id when this browser is a known device of <paramref name="normalizedEmail"/>, else null.</summary>
    public string? Find(HttpContext http, string normalizedEmail)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var raw) || string.IsNullOrEmpty(raw))
        {
            return null;
        }
        string payload;
        try
        {
            payload = _protector.Unprotect(raw);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('|');
        return parts.Length == 3
            && parts[0] == Account(normalizedEmail)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            && time.GetUtcNow().ToUnixTimeSeconds() < expires
                ? parts[1]
                : null;
    }

    /// <summary>After a successful sign-in: this browser is (still) a known device of the account.</summary>
    public void Remember(HttpContext http, string normalizedEmail)
    {
        var lifetime = options.CurrentValue.KnownDeviceLifetime;
        var device = Find(http, normalizedEmail) ?? WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        http.Response.Cookies.Append(CookieName, _protector.Protect($"{Account(normalizedEmail)}|{device}|{expires}"), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            // Only the sign-in form needs it.
            Path = "/account",
            MaxAge = lifetime,
        });
    }

    private static string Account(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));
}
