using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog.Seeding;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Catalog.Admin;

public sealed class CategoryForm
{
    [Required(ErrorMessage = "Enter a name.")]
    [StringLength(100, ErrorMessage = "The name can be at most 100 characters.")]
    public string Name { get; set; } = "";

    /// <summary>Empty: made from the name.</summary>
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "A slug is lower-case letters and digits joined by single hyphens.")]
    [StringLength(100, ErrorMessage = "The slug can be at most 100 characters.")]
    public string? Slug { get; set; }

    [StringLength(2000, ErrorMessage = "The description can be at most 2,000 characters.")]
    public string? Description { get; set; }

    /// <summary>Null or 0: a top-level department.</summary>
    public int? ParentId { get; set; }

    [Range(0, 10_000, ErrorMessage = "The position must be between 0 and 10,000.")]
    public int SortOrder { get; set; }
}

public sealed record CategoryRow(int Id, string Name, string Slug, int? ParentId, int SortOrder, int Depth, int ProductCount);

/// <summary>Edits the category tree: create, rename, move (never under itself), reorder, delete when empty. Audited; the storefront's caches are invalidated on every replica.</summary>
public sealed class CategoryAdmin(IDbContextFactory<ShopDbContext> contexts, IShopCacheInvalidator cache, TimeProvider time)
{
    /// <summary>The whole tree in display order (depth-first by position), with direct product counts.</summary>
    public async Task<IReadOnlyList<CategoryRow>> TreeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var all = await db.Categories.AsNoTracking()
            .Select(c => new { c.Id, c.Name, c.Slug, c.ParentId, c.SortOrder, Products = c.Products.Count })
            .ToListAsync(cancellationToken);
        var children = all.ToLookup(c => c.ParentId);
        var rows = new List<CategoryRow>();
        void Walk(int? parent, int depth)
        {
            foreach (var c in children[parent].OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal))
            {
                rows.Add(new CategoryRow(c.Id, c.Name, c.Slug, c.ParentId, c.SortOrder, depth, c.Products));
                Walk(c.Id, depth + 1);
            }
        }
        Walk(null, 0);
        return rows;
    }

    public async Task<CategoryForm?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Categories.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CategoryForm { Name = c.Name, Slug = c.Slug, Description = c.Description, ParentId = c.ParentId, SortOrder = c.SortOrder })
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Creates (<paramref name="id"/> null) or updates a category.</summary>
    public async Task<AdminResult> SaveAsync(int? id, CategoryForm form, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var slug = string.IsNullOrWhiteSpace(form.Slug) ? CatalogSeeder.Slugify(form.Name) : form.Slug.Trim();
        var parentId = form.ParentId is > 0 ? form.ParentId : null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (slug.Length == 0)
        {
            return AdminResult.Error(nameof(CategoryForm.Name), "Enter a name with at least one letter or digit.");
        }
        if (await db.Categories.AnyAsync(c => c.Slug == slug && c.Id != (id ?? 0), cancellationToken))
        {
            return AdminResult.Error(nameof(CategoryForm.Slug), $"Another category already uses the address /c/{slug}.");
        }
        if (parentId is { } parent)
        {
            var parents = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.ParentId, cancellationToken);
            if (!parents.ContainsKey(parent))
            {
                return AdminResult.Error(nameof(CategoryForm.ParentId), "Choose an existing parent category.");
            }
            // Walk up from the new parent: meeting this category means it would sit under itself.
            for (int? at = parent; at is { } node; at = parents[node])
            {
                if (node == id)
                {
                    return AdminResult.Error(nameof(CategoryForm.ParentId), "A category cannot be moved under itself or one of its own subcategories.");
                }
            }
        }
        var saved = await contexts.InTransactionAsync(async (tx, ct) =>
        {
            Category category;
            CategorySnapshot? before = null;
            if (id is { } existing)
            {
                var found = await tx.Categories.SingleOrDefaultAsync(c => c.Id == existing, ct);
                if (found is null)
                {
                    return null;
                }
                category = found;
                before = Snapshot(category);
            }
            else
            {
                category = new Category { Name = "", Slug = "" };
                tx.Categories.Add(category);
            }
            category.Name = form.Name.Trim();
            category.Slug = slug;
            category.Description = string.IsNullOrWhiteSpace(form.Description) ? null : form.Description.Trim();
            category.ParentId = parentId;
            category.SortOrder = form.SortOrder;
            await tx.SaveChangesAsync(ct);
            AuditLog.Record(tx, actor, id is null ? "category.create" : "category.update", nameof(Category),
                category.Id.ToString(CultureInfo.InvariantCulture), before, Snapshot(category), time.GetUtcNow());
            await tx.SaveChangesAsync(ct);
            return (int?)category.Id;
        }, cancellationToken: cancellationToken);
        if (saved is not { } savedId)
        {
            return new AdminResult { NotFound = true };
        }
        await cache.InvalidateAsync([CatalogTags.Catalog, CatalogTags.Category(savedId)], cancellationToken);
        return new AdminResult { Id = savedId };
    }

    /// <summary>Deletes an empty category (no products, no subcategories); anything else is refused with the reason.</summary>
    public async Task<AdminResult> DeleteAsync(int id, StaffActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var category = await db.Categories.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (category is null)
        {
            return new AdminResult { NotFound = true };
        }
        if (await db.Categories.AnyAsync(c => c.ParentId == id, cancellationToken))
        {
            return AdminResult.Error("Delete", "Move or delete its subcategories first.");
        }
        var products = await db.Products.CountAsync(p => p.CategoryId == id, cancellationToken);
        if (products > 0)
        {
            return AdminResult.Error("Delete", $"{products} products are in this category (archived ones included): move them first.");
        }
        db.Categories.Remove(category);
        AuditLog.Record(db, actor, "category.delete", nameof(Category), id.ToString(CultureInfo.InvariantCulture), Snapshot(category), null, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync([CatalogTags.Catalog, CatalogTags.Category(id)], cancellationToken);
        return AdminResult.Ok;
    }

    private static CategorySnapshot Snapshot(Category c) => new(c.Name, c.Slug, c.Description, c.ParentId, c.SortOrder);

    private sealed record CategorySnapshot(string Name, string Slug, string? Description, int? ParentId, int SortOrder);
}
