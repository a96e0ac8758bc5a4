using System.Security.Claims;
using PeakShop.Infrastructure.Auditing;

namespace PeakShop.Web.Staff;

internal static class StaffActors
{
    /// <summary>The signed-in staff member, as the audit log names them.</summary>
    public static StaffActor Of(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("not signed in"),
        user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.Email) ?? "unknown");
}
