using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Catalog.Seeding;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Catalog.Admin;

public enum ProductSort { Name, PriceAsc, PriceDesc, StockAsc, Updated }

public enum ProductStatusFilter { Active, Archived, All }

/// <summary>The staff product list's search, filters, sort and page.</summary>
public sealed record ProductListQuery(
    string? Search = null, int? CategoryId = null, int? BrandId = null,
    ProductStatusFilter Status = ProductStatusFilter.Active, bool LowStockOnly = false,
    ProductSort Sort = ProductSort.Name, int Page = 1)
{
    public const int PageSize = 50;
    public const int LowStock = 5;
}

public sealed record ProductRow(int Id, string Sku, string Name, string Slug, string Category, string Brand, decimal Price, int Stock, bool IsArchived, DateTimeOffset UpdatedAt);

public sealed record ProductListPage(IReadOnlyList<ProductRow> Rows, int Total, int Page, int PageCount);

public sealed record StockMovementRow(DateTimeOffset At, int Delta, int StockAfter, string Reason, string ActorEmail);

public sealed record Choice(int Id, string Name);

/// <summary>
/// Staff writes to the catalog: create, edit (optimistic concurrency on <c>xmin</c>), archive, adjust stock.
/// Stock changes only through <see cref="AdjustStockAsync"/>, with a reason: a new product starts at 0 and an edit
/// leaves the stock as it is, whatever the form's <see cref="ProductForm.Stock"/> says.
/// Each write commits with its audit row (and stock movement), then invalidates the storefront caches on every
/// replica. Reads and writes use short-lived contexts on the primary: staff see their own saves at once, and an
/// interactive page holds no context between events.
/// </summary>
public sealed class ProductAdmin(IDbContextFactory<ShopDbContext> contexts, IShopCacheInvalidator cache, TimeProvider time)
{
    public async Task<ProductListPage> ListAsync(ProductListQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var products = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            var pattern = LikePattern.Containing(term);
            var sku = term.ToUpperInvariant();
            // ILIKE '%…%' on the name uses the trigram index; a SKU matches by prefix on its unique index.
            products = products.Where(p => EF.Functions.ILike(p.Name, pattern, LikePattern.Escape) || p.Sku.StartsWith(sku));
        }
        if (query.CategoryId is { } category)
        {
            products = products.Where(p => p.CategoryId == category);
        }
        if (query.BrandId is { } brand)
        {
            products = products.Where(p => p.BrandId == brand);
        }
        products = query.Status switch
        {
            ProductStatusFilter.Active => products.Where(p => !p.IsArchived),
            ProductStatusFilter.Archived => products.Where(p => p.IsArchived),
            _ => products,
        };
        if (query.LowStockOnly)
        {
            products = products.Where(p => p.Stock <= ProductListQuery.LowStock);
        }
        var total = await products.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + ProductListQuery.PageSize - 1) / ProductListQuery.PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var ordered = query.Sort switch
        {
            ProductSort.PriceAsc => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
            ProductSort.PriceDesc => products.OrderByDescending(p => p.Price).ThenBy(p => p.Id),
            ProductSort.StockAsc => products.OrderBy(p => p.Stock).ThenBy(p => p.Id),
            ProductSort.Updated => products.OrderByDescending(p => p.UpdatedAt).ThenBy(p => p.Id),
            _ => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
        };
        var rows = await ordered.Skip((page - 1) * ProductListQuery.PageSize).Take(ProductListQuery.PageSize)
            .Select(p => new ProductRow(p.Id, p.Sku, p.Name, p.Slug, p.Category!.Name, p.Brand!.Name, p.Price, p.Stock, p.IsArchived, p.UpdatedAt))
            .ToListAsync(cancellationToken);
        return new ProductListPage(rows, total, page, pageCount);
    }

    public async Task<(IReadOnlyList<Choice> Categories, IReadOnlyList<Choice> Brands)> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking()
            .OrderBy(c => c.Parent == null ? c.Name : c.Parent.Name).ThenBy(c => c.ParentId != null).ThenBy(c => c.Name)
            .Select(c => new Choice(c.Id, c.Parent == null ? c.Name : c.Parent.Name + " › " + c.Name))
            .ToListAsync(cancellationToken);
        var brands = await db.Brands.AsNoTracking().OrderBy(b => b.Name).Select(b => new Choice(b.Id, b.Name)).ToListAsync(cancellationToken);
        return (categories, brands);
    }

    public async Task<ProductForm?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var product = await db.Products.AsNoTracking().Include(p => p.Images).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        return product is null ? null : ToForm(product);
    }

    public async Task<AdminResult> CreateAsync(ProductForm form, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var slug = SlugOf(form);
        await using (var check = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if ((await DuplicateAsync(check, 0, form.Sku, slug, cancellationToken) ?? await ReferencesAsync(check, form, cancellationToken)) is { } invalid)
            {
                return invalid;
            }
        }
        int id;
        try
        {
            id = await contexts.InTransactionAsync(async (db, _) =>
            {
                var now = time.GetUtcNow();
                var product = new Product
                {
                    Sku = form.Sku, Slug = slug, Name = form.Name.Trim(), Description = form.Description.Trim(), Currency = "EUR",
                    CreatedAt = now, UpdatedAt = now,
                };
                Apply(product, form, slug);
                db.Products.Add(product);
                await db.SaveChangesAsync(cancellationToken);
                AuditLog.Record(db, actor, "product.create", nameof(Product), Key(product.Id), null, Snapshot(product), now);
                await db.SaveChangesAsync(cancellationToken);
                return product.Id;
            }, cancellationToken: cancellationToken);
        }
        catch (DbUpdateException ex) when (UniqueViolation(ex) is { } field)
        {
            return AdminResult.Error(field.Field, field.Message);
        }
        await cache.InvalidateAsync([CatalogTags.Catalog, CatalogTags.Product(id)], cancellationToken);
        return new AdminResult { Id = id };
    }

    /// <summary>
    /// Saves an edit made from <see cref="ProductForm.Version"/>. If anyone saved the product since, nothing is
    /// written and the result carries the current values, so the editor can show what changed.
    /// </summary>
    public async Task<AdminResult> UpdateAsync(int id, ProductForm form, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var slug = SlugOf(form);
        await using (var check = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if ((await DuplicateAsync(check, id, form.Sku, slug, cancellationToken) ?? await ReferencesAsync(check, form, cancellationToken)) is { } invalid)
            {
                return invalid;
            }
        }
        try
        {
            var outcome = await contexts.InTransactionAsync(async (db, _) =>
            {
                var product = await db.Products.Include(p => p.Images).SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
                if (product is null)
                {
                    return new AdminResult { NotFound = true };
                }
                if (product.Version != form.Version)
                {
                    return new AdminResult { Current = ToForm(product) };
                }
                var before = Snapshot(product);
                var now = time.GetUtcNow();
                Apply(product, form, slug);
                product.UpdatedAt = now;
                AuditLog.Record(db, actor, "product.update", nameof(Product), Key(id), before, Snapshot(product), now);
                // xmin is the concurrency token: the UPDATE matches only the version loaded above.
                await db.SaveChangesAsync(cancellationToken);
                return AdminResult.Ok;
            }, cancellationToken: cancellationToken);
            return await InvalidatedAsync(outcome, id, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write.
            return await GetAsync(id, cancellationToken) is { } current ? new AdminResult { Current = current } : new AdminResult { NotFound = true };
        }
        catch (DbUpdateException ex) when (UniqueViolation(ex) is { } field)
        {
            return AdminResult.Error(field.Field, field.Message);
        }
    }

    /// <summary>Archives (hides from the storefront) or restores a product, guarded by its version like an edit.</summary>
    public async Task<AdminResult> SetArchivedAsync(int id, bool archived, uint version, StaffActor actor, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(id, cancellationToken);
        if (current is null)
        {
            return new AdminResult { NotFound = true };
        }
        if (current.Version != version)
        {
            return new AdminResult { Current = current };
        }
        current.IsArchived = archived;
        return await UpdateAsync(id, current, actor, cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="delta"/> units (negative to remove) with a reason. One conditional UPDATE: stock never
    /// goes below zero, whatever checkouts run at the same time.
    /// </summary>
    public async Task<AdminResult> AdjustStockAsync(int id, int delta, string? reason, StaffActor actor, CancellationToken cancellationToken = default)
    {
        if (delta == 0)
        {
            return AdminResult.Error("Delta", "Enter a non-zero change, e.g. 10 to add or -3 to remove.");
        }
        if (Math.Abs((long)delta) > 1_000_000)
        {
            return AdminResult.Error("Delta", "A single adjustment can be at most 1,000,000 units.");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200)
        {
            return AdminResult.Error("Reason", "Give a reason of at most 200 characters (e.g. delivery, stock count, damaged).");
        }
        var outcome = await contexts.InTransactionAsync(async (db, _) =>
        {
            var now = time.GetUtcNow();
            var stock = await db.Database.SqlQuery<int>($"""
                update products set stock = stock + {delta}, updated_at = {now}
                where id = {id} and stock + {delta} >= 0
                returning stock as "Value"
                """).ToListAsync(cancellationToken);
            if (stock.Count == 0)
            {
                var current = await db.Products.Where(p => p.Id == id).Select(p => (int?)p.Stock).SingleOrDefaultAsync(cancellationToken);
                return current is null
                    ? new AdminResult { NotFound = true }
                    : AdminResult.Error("Delta", $"Only {current} in stock: you can remove at most {current}.") with { Refused = true };
            }
            db.StockMovements.Add(new StockMovement { ProductId = id, At = now, Delta = delta, StockAfter = stock[0], Reason = reason.Trim(), ActorEmail = actor.Email });
            AuditLog.Record(db, actor, "stock.adjust", nameof(Product), Key(id),
                new StockSnapshot(stock[0] - delta, null), new StockSnapshot(stock[0], reason.Trim()), now);
            await db.SaveChangesAsync(cancellationToken);
            return AdminResult.Ok;
        }, cancellationToken: cancellationToken);
        return await InvalidatedAsync(outcome, id, cancellationToken);
    }

    public async Task<IReadOnlyList<StockMovementRow>> HistoryAsync(int productId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StockMovements.AsNoTracking().Where(m => m.ProductId == productId)
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(200)
            .Select(m => new StockMovementRow(m.At, m.Delta, m.StockAfter, m.Reason, m.ActorEmail))
            .ToListAsync(cancellationToken);
    }

    /// <summary>After a committed change, every replica drops the product's cached data and pages.</summary>
    private async Task<AdminResult> InvalidatedAsync(AdminResult outcome, int id, CancellationToken cancellationToken)
    {
        if (outcome.Succeeded)
        {
            await cache.InvalidateAsync([CatalogTags.Catalog, CatalogTags.Product(id)], cancellationToken);
        }
        return outcome;
    }

    private static async Task<AdminResult?> DuplicateAsync(ShopDbContext db, int id, string sku, string slug, CancellationToken cancellationToken)
    {
        if (await db.Products.AnyAsync(p => p.Id != id && p.Sku == sku, cancellationToken))
        {
            return AdminResult.Error(nameof(ProductForm.Sku), $"Another product already has SKU {sku}.");
        }
        if (await db.Products.AnyAsync(p => p.Id != id && p.Slug == slug, cancellationToken))
        {
            return AdminResult.Error(nameof(ProductForm.Slug), $"Another product already uses the address /p/{slug}. Choose another slug.");
        }
        return null;
    }

    private static async Task<AdminResult?> ReferencesAsync(ShopDbContext db, ProductForm form, CancellationToken cancellationToken)
    {
        if (!await db.Categories.AnyAsync(c => c.Id == form.CategoryId, cancellationToken))
        {
            return AdminResult.Error(nameof(ProductForm.CategoryId), "Choose a category.");
        }
        if (!await db.Brands.AnyAsync(b => b.Id == form.BrandId, cancellationToken))
        {
            return AdminResult.Error(nameof(ProductForm.BrandId), "Choose a brand.");
        }
        return null;
    }

    /// <summary>A race between two creates that both passed the duplicate check: the unique index decides.</summary>
    private static (string Field, string Message)? UniqueViolation(DbUpdateException ex) =>
        ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
            ? pg.ConstraintName?.Contains("slug", StringComparison.Ordinal) == true
                ? (nameof(ProductForm.Slug), "Another product already uses this slug.")
                : (nameof(ProductForm.Sku), "Another product already has this SKU.")
            : null;

    private static string SlugOf(ProductForm form) =>
        string.IsNullOrWhiteSpace(form.Slug) ? CatalogSeeder.Slugify(form.Name) : form.Slug.Trim();

    private static void Apply(Product product, ProductForm form, string slug)
    {
        product.Sku = form.Sku.Trim();
        product.Slug = slug;
        product.Name = form.Name.Trim();
        product.Description = form.Description.Trim();
        product.Price = decimal.Round(form.Price, 2);
        product.CategoryId = form.CategoryId;
        product.BrandId = form.BrandId;
        product.IsArchived = form.IsArchived;
        var images = form.Images.Select((image, index) => new ProductImage
        {
            Path = image.Path.Trim(), AltText = image.AltText.Trim(), Width = image.Width, Height = image.Height, SortOrder = index,
        }).ToList();
        var unchanged = product.Images.Count == images.Count
            && product.Images.OrderBy(i => i.SortOrder).Zip(images).All(pair =>
                pair.First.Path == pair.Second.Path && pair.First.AltText == pair.Second.AltText
                && pair.First.Width == pair.Second.Width && pair.First.Height == pair.Second.Height);
        if (!unchanged)
        {
            product.Images.Clear();
            product.Images.AddRange(images);
        }
    }

    private static ProductForm ToForm(Product product) => new()
    {
        Name = product.Name, Sku = product.Sku, Slug = product.Slug, Description = product.Description, Price = product.Price,
        Stock = product.Stock, CategoryId = product.CategoryId, BrandId = product.BrandId, IsArchived = product.IsArchived,
        Version = product.Version,
        Images = [.. product.Images.OrderBy(i => i.SortOrder).Select(i => new ProductImageForm { Path = i.Path, AltText = i.AltText, Width = i.Width, Height = i.Height })],
    };

    private static ProductSnapshot Snapshot(Product p) =>
        new(p.Sku, p.Slug, p.Name, p.Price, p.Stock, p.CategoryId, p.BrandId, p.IsArchived, [.. p.Images.OrderBy(i => i.SortOrder).Select(i => i.Path)]);

    private static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record ProductSnapshot(string Sku, string Slug, string Name, decimal Price, int Stock, int CategoryId, int BrandId, bool IsArchived, string[] Images);

    private sealed record StockSnapshot(int Stock, string? Reason);
}
