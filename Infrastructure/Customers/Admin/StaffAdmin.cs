using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Customers.Sessions;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Mail;

namespace PeakShop.Infrastructure.Customers.Admin;

public sealed record StaffRow(string Id, string Email, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, bool LockedOut);

/// <summary>What an Admin types to create a staff account.</summary>
public sealed class StaffForm
{
    [Required(ErrorMessage = "Enter the e-mail address.")]
    [ShopEmail]
    [StringLength(256, ErrorMessage = "The e-mail address can be at most 256 characters.")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a role.")]
    public string Role { get; set; } = ShopRoles.Staff;

    [Required(ErrorMessage = "Enter an initial password.")]
    [StringLength(128, ErrorMessage = "The password can be at most 128 characters.")]
    public string Password { get; set; } = "";
}

/// <summary>The outcome of a staff-account write: field errors (Identity's own messages for the password) or success.</summary>
public sealed record StaffResult(IReadOnlyDictionary<string, string[]> Errors, string? UserId = null, bool NotFound = false)
{
    public bool Succeeded => Errors.Count == 0 && !NotFound;

    public static StaffResult Error(string field, params string[] messages) => new(new Dictionary<string, string[]> { [field] = messages });
}

/// <summary>
/// Staff accounts for Admins: list, create (Identity validates the password; its messages go back to the form),
/// change roles, remove from staff. Each write commits with its audit row through Identity's own context (scoped), in one
/// transaction. A role change or removal ends every session of that account on every replica (ADR 14).
/// </summary>
public sealed class StaffAdmin(UserManager<ShopUser> users, ShopDbContext db, IUserSessions sessions, TimeProvider time)
{
    public async Task<IReadOnlyList<StaffRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var rows = await (
            from u in db.Users.AsNoTracking()
            join ur in db.UserRoles on u.Id equals ur.UserId
            join r in db.Roles on ur.RoleId equals r.Id
            select new { u.Id, u.Email, u.CreatedAt, u.LockoutEnd, Role = r.Name })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. rows.GroupBy(r => r.Id)
            .Select(g => new StaffRow(g.Key, g.First().Email ?? "", [.. g.Select(r => r.Role!).Order(StringComparer.Ordinal)], g.First().CreatedAt,
                g.First().LockoutEnd is { } end && end > now))
            .OrderBy(r => r.Email, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<StaffRow?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return null;
        }
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync(cancellationToken);
        return roles.Count == 0 ? null : new StaffRow(user.Id, user.Email ?? "", [.. roles.Order(StringComparer.Ordinal)], user.CreatedAt, user.LockoutEnd > time.GetUtcNow());
    }

    public async Task<StaffResult> CreateAsync(StaffForm form, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var role = ShopRoles.All.FirstOrDefault(r => r == form.Role);
        if (role is null)
        {
            return StaffResult.Error(nameof(StaffForm.Role), $"Choose one of: {string.Join(", ", ShopRoles.All)}.");
        }
        var email = form.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return StaffResult.Error(nameof(StaffForm.Email), "An account with this e-mail address already exists. Change its roles from the staff list instead.");
        }
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var user = new ShopUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = now };
            var created = await users.CreateAsync(user, form.Password);
            if (!created.Succeeded)
            {
                // Identity's messages, by the field they are about; the transaction rolls back, nothing is created.
                return new StaffResult(created.Errors
                    .GroupBy(e => e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(StaffForm.Password) : nameof(StaffForm.Email))
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
            }
            var added = await users.AddToRoleAsync(user, role);
            if (!added.Succeeded)
            {
                return StaffResult.Error(nameof(StaffForm.Role), [.. added.Errors.Select(e => e.Description)]);
            }
            AuditLog.Record(db, actor, "staff.create", nameof(ShopUser), user.Id, null, new StaffSnapshot(email, [role]), now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new StaffResult(new Dictionary<string, string[]>(), user.Id);
        }, cancellationToken);
    }

    /// <summary>Sets a staff member's roles. An Admin cannot take the Admin role from themselves (nobody would be left to give it back).</summary>
    public async Task<StaffResult> SetRolesAsync(string id, IReadOnlyCollection<string> roles, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var wanted = ShopRoles.All.Where(roles.Contains).ToList();
        if (wanted.Count == 0)
        {
            return StaffResult.Error("Roles", "Choose at least one role. (A staff account without roles would be a customer account.)");
        }
        if (id == actor.Id && !wanted.Contains(ShopRoles.Admin))
        {
            return StaffResult.Error("Roles", "You cannot remove your own Admin role; ask another Admin.");
        }
        return await ApplyRolesAsync(id, wanted, "staff.roles", actor, cancellationToken);
    }

    /// <summary>
    /// Takes every staff role from the account (it stays a customer account with its orders) and ends its sessions.
    /// An Admin cannot remove themselves.
    /// </summary>
    public async Task<StaffResult> RemoveAsync(string id, StaffActor actor, CancellationToken cancellationToken = default)
    {
        if (id == actor.Id)
        {
            return StaffResult.Error("Roles", "You cannot remove yourself from staff; ask another Admin.");
        }
        return await ApplyRolesAsync(id, [], "staff.remove", actor, cancellationToken);
    }

    /// <summary>
    /// Gives a staff member exactly <paramref name="wanted"/> (none: removed from staff) with its audit row, in one
    /// transaction, and ends every session of the account on every replica (ADR 14).
    /// </summary>
    private async Task<StaffResult> ApplyRolesAsync(string id, List<string> wanted, string action, StaffActor actor, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var user = await users.FindByIdAsync(id);
            var current = user is null ? [] : await users.GetRolesAsync(user);
            if (user is null || current.Count == 0)
            {
                return new StaffResult(new Dictionary<string, string[]>(), NotFound: true);
            }
            var remove = current.Except(wanted).ToList();
            var add = wanted.Except(current).ToList();
            if (remove.Count == 0 && add.Count == 0)
            {
                return new StaffResult(new Dictionary<string, string[]>(), id);
            }
            foreach (var outcome in new[]
            {
                remove.Count > 0 ? await users.RemoveFromRolesAsync(user, remove) : IdentityResult.Success,
                add.Count > 0 ? await users.AddToRolesAsync(user, add) : IdentityResult.Success,
                // Ends the user's sessions (ShopUserManager) and, as the second line, fails every old cookie's stamp check.
                await users.UpdateSecurityStampAsync(user),
            })
            {
                if (!outcome.Succeeded)
                {
                    return StaffResult.Error("Roles", [.. outcome.Errors.Select(e => e.Description)]);
                }
            }
            AuditLog.Record(db, actor, action, nameof(ShopUser), id,
                new StaffSnapshot(user.Email ?? "", [.. current.Order(StringComparer.Ordinal)]), new StaffSnapshot(user.Email ?? "", wanted), time.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            // Again after the commit: a sign-in between the first revocation and the commit read the old roles.
            await sessions.RevokeAllAsync(id, ct);
            return new StaffResult(new Dictionary<string, string[]>(), id);
        }, cancellationToken);
    }

    private sealed record StaffSnapshot(string Email, List<string> Roles);
}
