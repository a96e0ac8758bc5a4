using System.Security.Claims;
using PeakShop.Infrastructure.Api;

namespace PeakShop.Web.Api;

/// <summary>Authorization policies of the API, by name, so every endpoint group states what it needs.</summary>
public static class ApiPolicies
{
    /// <summary>Carts and checkout: anyone a browser could be (a guest), a customer, or a key with the write scope; not a read-only key.</summary>
    public const string Write = "api-write";

    /// <summary>A signed-in customer's own orders and cart (bearer token).</summary>
    public const string Customer = "api-customer";

    /// <summary>Staff catalog and stock (bearer token of an Admin or Staff account).</summary>
    public const string StaffCatalog = "api-staff-catalog";

    /// <summary>Staff orders (bearer token of an Admin or Staff account).</summary>
    public const string StaffOrders = "api-staff-orders";
}

/// <summary>Claims an API principal carries beside the account's own.</summary>
public static class ApiClaims
{
    /// <summary>The public id of the API key that authenticated the request (<c>psk_&lt;keyId&gt;_…</c>).</summary>
    public const string KeyId = "peakshop:api-key";

    /// <summary>One claim per scope of the key: <see cref="ApiScopes.Read"/>, <see cref="ApiScopes.Write"/>.</summary>
    public const string Scope = "peakshop:scope";

    /// <summary>A key may write only with the write scope; without a key, as a guest or a customer, what a browser may do.</summary>
    public static bool MayWrite(ClaimsPrincipal user) =>
        user.FindFirst(KeyId) is null || user.HasClaim(Scope, ApiScopes.Write);
}
