using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Customers.Sessions;

namespace PeakShop.Web.Staff;

/// <summary>
/// The authentication state of an Interactive Server circuit (the admin editors), re-checked every
/// <see cref="AccountSessionOptions.CircuitRevalidationInterval"/>: the session must still be in the store, the
/// security stamp unchanged and the roles the same as in the database. Otherwise the circuit turns anonymous, so
/// a revoked or demoted user's open editor stops acting with the old rights (its writes check the state).
/// </summary>
internal sealed class SessionRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopes,
    IUserSessions sessions,
    IOptions<AccountSessionOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.CircuitRevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(scopes, sessions, authenticationState.User, cancellationToken);

    /// <summary>True for an anonymous principal, or one whose session, stamp and roles still hold.</summary>
    internal static async Task<bool> IsStillValidAsync(IServiceScopeFactory scopes, IUserSessions sessions, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }
        if (principal.FindFirstValue(ShopClaims.SessionKey) is not { } key || !await sessions.ExistsAsync(key, cancellationToken))
        {
            return false;
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ShopUser>>();
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return false;
        }
        var stampType = users.Options.ClaimsIdentity.SecurityStampClaimType;
        if (users.SupportsUserSecurityStamp && principal.FindFirstValue(stampType) != await users.GetSecurityStampAsync(user))
        {
            return false;
        }
        var roleType = users.Options.ClaimsIdentity.RoleClaimType;
        var held = principal.FindAll(roleType).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return held.SetEquals(await users.GetRolesAsync(user));
    }
}

/// <summary>
/// The staff member an interactive admin component acts for, checked at the moment of a write: the session still
/// in the store, stamp and roles unchanged and the section's policy met; otherwise null (the page says "sign in
/// again" and writes nothing). Closes the gap up to the next periodic revalidation.
/// </summary>
internal sealed class CircuitActors(IServiceScopeFactory scopes, IUserSessions sessions, IAuthorizationService authorization)
{
    public async Task<Infrastructure.Auditing.StaffActor?> ActorAsync(Task<AuthenticationState>? state, string policy)
    {
        var user = state is null ? null : (await state).User;
        return user is not null
            && await SessionRevalidatingAuthenticationStateProvider.IsStillValidAsync(scopes, sessions, user, CancellationToken.None)
            && user.Identity?.IsAuthenticated == true
            && (await authorization.AuthorizeAsync(user, policy)).Succeeded
            ? StaffActors.Of(user)
            : null;
    }
}
