namespace PeakShop.Infrastructure.Customers;

/// <summary>The staff roles (Identity roles). Shoppers have none.</summary>
public static class ShopRoles
{
    public const string Admin = "Admin";
    public const string Staff = "Staff";
    public const string Marketing = "Marketing";

    public static IReadOnlyList<string> All { get; } = [Admin, Staff, Marketing];
}

/// <summary>Authorization policy names; Web registers them.</summary>
public static class ShopPolicies
{
    /// <summary>The Admin role only (the jobs dashboard).</summary>
    public const string Admin = "admin";

    /// <summary>Admin or Staff (reports, orders).</summary>
    public const string Staff = "staff";
}
