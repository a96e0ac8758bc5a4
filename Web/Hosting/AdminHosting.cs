using Microsoft.AspNetCore.Routing.Patterns;

namespace PeakShop.Web.Hosting;

internal static class AdminHosting
{
    public const string PathPrefix = "/admin";

    /// <summary>
    /// Interactive Server circuits for the admin pages that outlive their replica (their policies are in
    /// <see cref="ShopAuthorization"/>, the components' registration in <see cref="StorefrontHosting"/>).
    /// </summary>
    public static IHostApplicationBuilder AddShopAdmin(this IHostApplicationBuilder builder)
    {
        builder.AddShopAdminCircuits();
        return builder;
    }

    internal static bool IsAdmin(RoutePattern pattern) =>
        pattern.RawText is { } raw
        && (raw.Equals(PathPrefix, StringComparison.OrdinalIgnoreCase) || raw.StartsWith(PathPrefix + "/", StringComparison.OrdinalIgnoreCase));
}
