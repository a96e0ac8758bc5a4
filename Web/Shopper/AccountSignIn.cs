using Microsoft.AspNetCore.Identity;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Hosting;

namespace PeakShop.Web.Shopper;

/// <summary>What a sign-in attempt came to: signed in (with the user), refused, or throttled.</summary>
internal sealed record SignInOutcome(ShopUser? User, RateLimitDecision? Throttled)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Password sign-in that tells nobody which accounts exist and lets nobody lock an owner out (ADR 15).
/// Limits are keyed by the typed address, whether or not it has an account, and checked before anything else:
/// per client address, per account and address, per account (per device instead, from the owner's known device).
/// An unknown address costs a password-hash verification against a dummy hash, like a wrong password does.
/// Identity's own lockout is not used: an outsider could lock any account, the Admin's included.
/// </summary>
internal sealed class AccountSignIn(
    SignInManager<ShopUser> signIn,
    UserManager<ShopUser> users,
    IPasswordHasher<ShopUser> hasher,
    RedisRateLimiter limiter,
    KnownDevices devices)
{
    private static readonly ShopUser Nobody = new();

    // One hash per process, made by the configured hasher, so verifying against it costs what a real one does.
    private static string? _dummyHash;

    // rememberDevice: false for an API token, where there is no browser to mark as the owner's known device.
    public async Task<SignInOutcome> SignInAsync(HttpContext http, string email, string password, bool rememberDevice = true)
    {
        var account = users.NormalizeEmail(email.Trim()) ?? "";
        var address = ClientAddress.Partition(http);
        var options = limiter.Options;
        var device = devices.Find(http, account);
        RateLimitCounter[] counters = device is null
            ?
            [
                new("sign-in-ip", options.SignInPerIp, address),
                new("sign-in-account-ip", options.SignInPerAccountAndIp, account + "\n" + address),
                new("sign-in-account", options.SignInPerAccount, account),
            ]
            : [new("sign-in-device", options.SignInPerKnownDevice, device)];
        var decision = await limiter.TakeAsync(counters);
        if (!decision.Allowed)
        {
            return new SignInOutcome(null, decision);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            VerifyDummy(password);
            return new SignInOutcome(null, null);
        }
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: false);
        if (result.IsLockedOut || result.IsNotAllowed)
        {
            // Refused before the password was checked (an account a member of staff locked): spend the same time.
            VerifyDummy(password);
        }
        if (!result.Succeeded)
        {
            return new SignInOutcome(null, null);
        }
        if (rememberDevice)
        {
            devices.Remember(http, account);
        }
        return new SignInOutcome(user, null);
    }

    private void VerifyDummy(string password)
    {
        _dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, _dummyHash, password);
    }
}
