using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PeakShop.Infrastructure.Customers.Sessions;

/// <summary>
/// Identity's user manager, plus: every change of credentials or security stamp (password reset, change, add or
/// remove; role changes and sign-out-everywhere go through <see cref="UpdateSecurityStampAsync"/>) ends every
/// session of the account in the session store. One place, so a future "change password" page cannot forget it.
/// </summary>
public sealed class ShopUserManager(
    IUserStore<ShopUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<ShopUser> passwordHasher,
    IEnumerable<IUserValidator<ShopUser>> userValidators,
    IEnumerable<IPasswordValidator<ShopUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<ShopUser>> logger,
    IUserSessions sessions)
    : UserManager<ShopUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> ResetPasswordAsync(ShopUser user, string token, string newPassword) =>
        await EndSessionsIfAsync(user, await base.ResetPasswordAsync(user, token, newPassword));

    public override async Task<IdentityResult> ChangePasswordAsync(ShopUser user, string currentPassword, string newPassword) =>
        await EndSessionsIfAsync(user, await base.ChangePasswordAsync(user, currentPassword, newPassword));

    public override async Task<IdentityResult> AddPasswordAsync(ShopUser user, string password) =>
        await EndSessionsIfAsync(user, await base.AddPasswordAsync(user, password));

    public override async Task<IdentityResult> RemovePasswordAsync(ShopUser user) =>
        await EndSessionsIfAsync(user, await base.RemovePasswordAsync(user));

    public override async Task<IdentityResult> UpdateSecurityStampAsync(ShopUser user) =>
        await EndSessionsIfAsync(user, await base.UpdateSecurityStampAsync(user));

    private async Task<IdentityResult> EndSessionsIfAsync(ShopUser user, IdentityResult result)
    {
        if (result.Succeeded)
        {
            // Redis down: logged by the store; the new security stamp rejects the old cookies at their next check.
            await sessions.RevokeAllAsync(user.Id);
        }
        return result;
    }
}
