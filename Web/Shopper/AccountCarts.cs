using PeakShop.Infrastructure.Cart;

namespace PeakShop.Web.Shopper;

/// <summary>On sign-in, the guest cart joins the account's cart, and the guest cookie goes.</summary>
internal sealed class AccountCarts(CartCookie cookie, CartService carts)
{
    public async Task MergeGuestCartAsync(HttpContext http, string userId)
    {
        if (cookie.GuestCartId(http) is { } guest)
        {
            await carts.MergeAsync(guest, CartIds.OfAccount(userId));
            cookie.Delete(http);
        }
    }
}
