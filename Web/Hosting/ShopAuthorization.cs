using Microsoft.AspNetCore.Authorization;
using PeakShop.Infrastructure.Customers;
using PeakShop.Web.Api;

namespace PeakShop.Web.Hosting;

/// <summary>Authorization policies of the staff area, one per section. Every admin page names one (tested).</summary>
public static class AdminPolicies
{
    /// <summary>Any staff role: the dashboard.</summary>
    public const string Area = "admin-area";

    /// <summary>Admin, Staff: products, categories, inventory.</summary>
    public const string Catalog = "admin-catalog";

    /// <summary>Admin, Marketing: media, banners.</summary>
    public const string Marketing = "admin-marketing";

    /// <summary>Admin, Staff: orders, customers, reports (<see cref="ShopPolicies.Staff"/>).</summary>
    public const string Orders = ShopPolicies.Staff;

    /// <summary>Admin only: staff accounts, audit log, jobs (<see cref="ShopPolicies.Admin"/>).</summary>
    public const string Admin = ShopPolicies.Admin;
}

/// <summary>Every authorization policy of the Web process, in one place: who may use which part of the shop.</summary>
public static class ShopAuthorization
{
    public static IHostApplicationBuilder AddShopAuthorization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthorizationBuilder()
            // The staff area, one policy per section (AdminPolicies), and the jobs dashboard and reports.
            .AddPolicy(AdminPolicies.Area, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.All))
            .AddPolicy(AdminPolicies.Catalog, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin, ShopRoles.Staff))
            .AddPolicy(AdminPolicies.Marketing, p => p.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin, ShopRoles.Marketing))
            .AddPolicy(ShopPolicies.Admin, policy => policy.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin))
            .AddPolicy(ShopPolicies.Staff, policy => policy.RequireAuthenticatedUser().RequireRole(ShopRoles.Admin, ShopRoles.Staff))
            // The API (ADR 21): its own schemes only, a browser cookie never authenticates a call (ApiAuthentication).
            .AddPolicy(ApiPolicies.Write, policy => policy.RequireAssertion(context => ApiClaims.MayWrite(context.User)))
            .AddPolicy(ApiPolicies.Customer, policy => SignedInPerson(policy))
            .AddPolicy(ApiPolicies.StaffCatalog, policy => SignedInPerson(policy).RequireRole(ShopRoles.Admin, ShopRoles.Staff))
            .AddPolicy(ApiPolicies.StaffOrders, policy => SignedInPerson(policy).RequireRole(ShopRoles.Admin, ShopRoles.Staff));
        return builder;
    }

    /// <summary>An API caller that is a person signed in with a bearer token, not a partner's key.</summary>
    private static AuthorizationPolicyBuilder SignedInPerson(AuthorizationPolicyBuilder policy) => policy
        .AddAuthenticationSchemes(ApiAuthentication.Scheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(context => ApiAuthentication.KindOf(context.User) != ApiCaller.Key);
}
