using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace PeakShop.Web.Shopper;

/// <summary>
/// Remembers, in a signed cookie, the orders this browser placed, so a guest can see their confirmation
/// page and nobody else can (the order number alone is not enough).
/// </summary>
internal sealed class GuestOrders(IDataProtectionProvider dataProtection)
{
    public const string Name = "ps_orders";
    private const int Keep = 10;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("PeakShop.GuestOrders.v1").ToTimeLimitedDataProtector();

    public IReadOnlyList<string> Read(HttpContext http)
    {
        if (http.Items.TryGetValue(Name, out var fresh) && fresh is IReadOnlyList<string> list)
        {
            return list;
        }
        if (!http.Request.Cookies.TryGetValue(Name, out var raw) || string.IsNullOrEmpty(raw))
        {
            return [];
        }
        try
        {
            return _protector.Unprotect(raw).Split(',', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (CryptographicException)
        {
            return [];
        }
    }

    public bool Contains(HttpContext http, string number) => Read(http).Contains(number, StringComparer.Ordinal);

    public void Add(HttpContext http, string number)
    {
        var numbers = Read(http).Where(n => n != number).Prepend(number).Take(Keep).ToList();
        http.Items[Name] = numbers;
        http.Response.Cookies.Append(Name, _protector.Protect(string.Join(',', numbers), Lifetime), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = Lifetime,
        });
    }
}
