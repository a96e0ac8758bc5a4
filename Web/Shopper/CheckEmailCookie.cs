using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PeakShop.Web.Shopper;

/// <summary>
/// The address a registration was sent to, for the "check your e-mail" page after the redirect: encrypted, short-lived
/// and sent only to that page, so the address never appears in a URL (logs, history, referrers).
/// </summary>
internal sealed class CheckEmailCookie(IDataProtectionProvider dataProtection)
{
    public const string Name = "ps_check_email";
    public const string Path = "/account/check-email";

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("PeakShop.CheckEmail.v1").ToTimeLimitedDataProtector();

    public void Set(HttpContext http, string email) =>
        http.Response.Cookies.Append(Name, _protector.Protect(email, Lifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Path = Path,
            MaxAge = Lifetime,
        });

    public string? Read(HttpContext http)
    {
        if (http.Request.Cookies[Name] is not { Length: > 0 } value)
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
