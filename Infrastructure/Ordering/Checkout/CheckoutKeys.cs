using System.Security.Cryptography;
using System.Text;

namespace PeakShop.Infrastructure.Ordering.Checkout;

/// <summary>
/// Binds a checkout form's idempotency key to the cart that posted it. The form's key is public (it sits in
/// the page's HTML); the key an order is stored and found under is derived from it and the cart id, which
/// only that browser's cart cookie (or that account) holds. Posting someone else's key from another cart
/// therefore finds nothing and shows nothing: it can only make an order of one's own.
/// </summary>
public static class CheckoutKeys
{
    private const string Purpose = "PeakShop.Checkout.IdempotencyKey.v1";

    /// <summary>A key that a form could legitimately carry: generated with <see cref="Guid.NewGuid"/>, never all zeros.</summary>
    public static bool IsAcceptable(Guid? formKey) => formKey is { } key && key != Guid.Empty;

    /// <summary>The key the order made by <paramref name="formKey"/> from <paramref name="cartId"/> is stored under.</summary>
    public static Guid Bind(string cartId, Guid formKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(cartId);
        if (formKey == Guid.Empty)
        {
            throw new ArgumentException("An all-zero idempotency key is refused.", nameof(formKey));
        }
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{Purpose}\n{cartId}\n{formKey:N}"), hash);
        // RFC 9562 version 8 (custom) with the RFC variant, so the value is a well-formed UUID.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
