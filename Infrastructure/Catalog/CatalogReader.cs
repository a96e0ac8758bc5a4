using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;

namespace PeakShop.Infrastructure.Catalog;

/// <summary>
/// Catalog reads for the storefront: through HybridCache (memory, then Redis), on a standby on a miss.
/// Listings cache product ids; each tile comes from a per-product entry tagged <c>product:{id}</c>, so a
/// price or stock change invalidates one tag and every page shows it. Every read records its tags in
/// <see cref="CacheDependencies"/>, the tags of a page cached whole.
/// </summary>
public sealed class CatalogReader(
    ShopReadDbContext db, ReadRouter router, ReadConsistency consistency, HybridCache cache, CacheDependencies dependencies, IOptions<ShopCacheOptions> options, TimeProvider time)
{
    public const int RelatedCount = 4;
    public const int HomeSectionSize = 8;

    private static readonly string[] CatalogOnly = [CatalogTags.Catalog];

    private static readonly HybridCacheEntryOptions CacheOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableUnderlyingData,
    };

    private HybridCacheEntryOptions ListingEntry => options.Value.ListingEntryOptions();

    public ValueTask<CategoryTree> GetCategoriesAsync(CancellationToken cancellationToken = default)
    {
        dependencies.Add(CatalogOnly);
        return cache.GetOrCreateAsync("catalog:categories", async ct =>
        {
            // A context of its own: the layout's header reads the tree while the page's components read with the request's.
            await using var own = router.CreateContext(consistency);
            return new CategoryTree(await own.Categories
                .OrderBy(c => c.ParentId).ThenBy(c => c.SortOrder)
                .Select(c => new CategoryNode(c.Id, c.Slug, c.Name, c.Description, c.ParentId, c.SortOrder))
                .ToListAsync(ct));
        }, tags: CatalogOnly, cancellationToken: cancellationToken);
    }

    /// <summary>Tiles for the given ids, in that order; ids of products that vanished are skipped.</summary>
    public async Task<IReadOnlyList<ProductSummary>> GetSummariesAsync(IReadOnlyList<int> ids, CancellationToken cancellationToken = default)
    {
        dependencies.Add(ids.Select(CatalogTags.Product).Append(CatalogTags.Catalog));
        // Cached tiles first (no database), then one query for all the misses instead of one per tile.
        var found = new Dictionary<int, ProductSummary>();
        var missing = new List<int>();
        foreach (var id in ids.Distinct())
        {
            var cached = await cache.GetOrCreateAsync<int, ProductSummary?>(SummaryKey(id), id, static (_, _) => ValueTask.FromResult<ProductSummary?>(null),
                CacheOnly, cancellationToken: cancellationToken);
            if (cached is not null)
            {
                found[id] = cached;
            }
            else
            {
                missing.Add(id);
            }
        }
        if (missing.Count > 0)
        {
            var loaded = await db.Products.Listed().Where(p => missing.Contains(p.Id)).ToSummaries().ToListAsync(cancellationToken);
            foreach (var summary in loaded)
            {
                found[summary.Id] = summary;
            }
            await Task.WhenAll(loaded.Select(summary =>
                cache.SetAsync(SummaryKey(summary.Id), summary, tags: ProductTags(summary.Id), cancellationToken: cancellationToken).AsTask()));
        }
        return ids.Where(found.ContainsKey).Select(id => found[id]).ToList();
    }

    public async Task<ProductDetail?> GetProductAsync(string slug, CancellationToken cancellationToken = default)
    {
        if (!IsSlug(slug))
        {
            return null;
        }
        dependencies.Add(CatalogOnly);
        var id = await cache.GetOrCreateAsync("catalog:slug:" + slug, slug, async (s, ct) =>
                await db.Products.Listed().Where(p => p.Slug == s).Select(p => p.Id).FirstOrDefaultAsync(ct),
            ListingEntry, CatalogOnly, cancellationToken);
        if (id == 0)
        {
            return null;
        }
        var product = await GetProductByIdAsync(id, cancellationToken);
        // A renamed product keeps its id: the old slug must not show it.
        return product?.Slug == slug ? product : null;
    }

    /// <summary>A listed (not archived) product by id, from the same per-product entry the product page reads.</summary>
    public async Task<ProductDetail?> GetProductByIdAsync(int id, CancellationToken cancellationToken = default)
    {
        if (id <= 0)
        {
            return null;
        }
        dependencies.Add(ProductTags(id));
        return await cache.GetOrCreateAsync("catalog:product:" + id, id, async (productId, ct) =>
                await db.Products.Listed().Where(p => p.Id == productId)
                    .Select(p => new ProductDetail(p.Id, p.Sku, p.Slug, p.Name, p.Description, p.Price, p.Currency, p.Stock,
                        p.Brand!.Name, p.CategoryId,
                        p.Images.OrderBy(i => i.SortOrder).Select(i => new ProductImageInfo(i.Path, i.AltText, i.Width, i.Height)).ToList(),
                        p.UpdatedAt))
                    .FirstOrDefaultAsync(ct),
            tags: ProductTags(id), cancellationToken: cancellationToken);
    }

    /// <summary>Products of the same category, closest in price.</summary>
    public async Task<IReadOnlyList<ProductSummary>> GetRelatedAsync(ProductDetail product, CancellationToken cancellationToken = default)
    {
        string[] tags = [CatalogTags.Catalog, CatalogTags.Category(product.CategoryId)];
        dependencies.Add(tags);
        var ids = await cache.GetOrCreateAsync("catalog:related:" + product.Id, product, async (p, ct) =>
                (IReadOnlyList<int>)await db.Products.Listed()
                    .Where(o => o.CategoryId == p.CategoryId && o.Id != p.Id && o.Stock > 0)
                    .OrderBy(o => Math.Abs(o.Price - p.Price)).ThenBy(o => o.Id)
                    .Select(o => o.Id).Take(RelatedCount).ToListAsync(ct),
            ListingEntry, tags, cancellationToken);
        return await GetSummariesAsync(ids, cancellationToken);
    }

    public async Task<HomeSections> GetHomeAsync(CancellationToken cancellationToken = default)
    {
        var tree = await GetCategoriesAsync(cancellationToken);
        var ids = await cache.GetOrCreateAsync("catalog:home", async ct => await LoadHomeAsync(tree, ct),
            ListingEntry, CatalogOnly, cancellationToken);
        return new HomeSections(
            ids.FeaturedCategoryIds.Select(id => tree.All.FirstOrDefault(c => c.Id == id)).OfType<CategoryNode>().ToList(),
            await GetSummariesAsync(ids.NewArrivalIds, cancellationToken),
            await GetSummariesAsync(ids.BestsellerIds, cancellationToken),
            ids.BestsellersFromOrders);
    }

    private async Task<HomeSectionIds> LoadHomeAsync(CategoryTree tree, CancellationToken ct)
    {
        var newArrivals = await db.Products.Listed()
            .OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id)
            .Select(p => p.Id).Take(HomeSectionSize).ToListAsync(ct);

        var since = time.GetUtcNow().AddDays(-30);
        var bestsellers = await db.OrderLines
            .Where(l => l.ProductId != null && db.Orders.Any(o => o.Id == l.OrderId && o.CreatedAt >= since))
            .Where(l => db.Products.Any(p => p.Id == l.ProductId && !p.IsArchived && p.Stock > 0))
            .GroupBy(l => l.ProductId!.Value)
            .OrderByDescending(g => g.Sum(l => l.Quantity)).ThenBy(g => g.Key)
            .Select(g => g.Key).Take(HomeSectionSize).ToListAsync(ct);
        var fromOrders = bestsellers.Count > 0;
        if (bestsellers.Count < HomeSectionSize)
        {
            // Not enough sales yet (a new store, a quiet month): fill with the best-stocked products,
            // a stand-in for what the buyers expect to sell most, never with out-of-stock ones.
            var fill = await db.Products.Listed()
                .Where(p => p.Stock > 0 && !bestsellers.Contains(p.Id) && !newArrivals.Contains(p.Id))
                .OrderByDescending(p => p.Stock).ThenBy(p => p.Id)
                .Select(p => p.Id).Take(HomeSectionSize - bestsellers.Count).ToListAsync(ct);
            bestsellers.AddRange(fill);
        }

        // Featured: the departments, in the order the merchandisers set.
        var featured = tree.Roots.Select(c => c.Id).ToList();
        return new HomeSectionIds(featured, newArrivals, bestsellers, fromOrders);
    }

    public async Task<CategoryListing?> GetCategoryAsync(string slug, ListingQuery query, CancellationToken cancellationToken = default)
    {
        if (!IsSlug(slug))
        {
            return null;
        }
        var tree = await GetCategoriesAsync(cancellationToken);
        var category = tree.Find(slug);
        if (category is null)
        {
            return null;
        }
        var categoryIds = tree.SelfAndDescendants(category.Id);
        var tags = categoryIds.Select(CatalogTags.Category).Prepend(CatalogTags.Catalog).ToArray();
        dependencies.Add(tags);

        var facets = await cache.GetOrCreateAsync("catalog:facets:" + category.Id, categoryIds,
            async (ids, ct) => await LoadFacetsAsync(ids, ct), ListingEntry, tags, cancellationToken);

        var key = $"catalog:listing:{category.Id}:{query.FilterKey()}:p={query.Page}:a={query.After}:b={query.Before}";
        var page = await cache.GetOrCreateAsync(key, (categoryIds, query),
            async (state, ct) => await LoadPageAsync(state.categoryIds[0].ToString(CultureInfo.InvariantCulture), state.categoryIds, state.query, ct),
            ListingEntry, tags, cancellationToken);

        var pageCount = Math.Max(1, (page.Total + ListingQuery.PageSize - 1) / ListingQuery.PageSize);
        return new CategoryListing(
            category,
            tree.Path(category.Id),
            tree.Children(category.Id).ToList(),
            facets,
            query,
            await GetSummariesAsync(page.ProductIds, cancellationToken),
            page.Total,
            Math.Min(page.PageNumber, pageCount),
            pageCount,
            page.PreviousCursor,
            page.NextCursor);
    }

    /// <summary>
    /// The whole catalog as one listing, with the category page's filters, sorts and keyset cursors (the API's product
    /// list without a category). Tagged <c>catalog</c>, which every product and category write invalidates.
    /// </summary>
    public async Task<ProductListing> GetListingAsync(ListingQuery query, CancellationToken cancellationToken = default)
    {
        dependencies.Add(CatalogOnly);
        var facets = await cache.GetOrCreateAsync("catalog:facets:all",
            async ct => await db.Products.Listed().FacetsAsync(ct), ListingEntry, CatalogOnly, cancellationToken);
        var key = $"catalog:listing:all:{query.FilterKey()}:p={query.Page}:a={query.After}:b={query.Before}";
        var page = await cache.GetOrCreateAsync(key, query,
            async (q, ct) => await LoadPageAsync("all", null, q, ct), ListingEntry, CatalogOnly, cancellationToken);
        return new ProductListing(facets, query, await GetSummariesAsync(page.ProductIds, cancellationToken),
            page.Total, page.PreviousCursor, page.NextCursor);
    }

    private Task<CategoryFacets> LoadFacetsAsync(IReadOnlyList<int> categoryIds, CancellationToken ct) =>
        db.Products.Listed().Where(p => categoryIds.Contains(p.CategoryId)).FacetsAsync(ct);

    private IQueryable<Product> Filtered(IReadOnlyList<int>? categoryIds, ListingQuery query) =>
        (categoryIds is null ? db.Products.Listed() : db.Products.Listed().Where(p => categoryIds.Contains(p.CategoryId))).Filtered(query);

    /// <summary>One page of a listing: of the given categories, or of the whole catalog when null (<paramref name="scope"/> names it in cache keys).</summary>
    private async Task<ListingPage> LoadPageAsync(string scope, IReadOnlyList<int>? categoryIds, ListingQuery query, CancellationToken ct)
    {
        var filtered = Filtered(categoryIds, query);
        var countTags = categoryIds is null ? CatalogOnly : categoryIds.Select(CatalogTags.Category).Prepend(CatalogTags.Catalog);
        var total = await cache.GetOrCreateAsync($"catalog:count:{scope}:{query.FilterKey()}", filtered,
            async (f, c) => await f.CountAsync(c), ListingEntry, countTags, ct);
        var pageCount = Math.Max(1, (total + ListingQuery.PageSize - 1) / ListingQuery.PageSize);

        var backwards = false;
        IQueryable<Product> positioned;
        if (KeysetCursor.TryDecode(query.After, out var after) && after.Sort == query.Sort)
        {
            positioned = Seek(filtered, after, forward: true);
        }
        else if (KeysetCursor.TryDecode(query.Before, out var before) && before.Sort == query.Sort)
        {
            positioned = Seek(filtered, before, forward: false);
            backwards = true;
        }
        else
        {
            positioned = filtered;
        }

        var ordered = Order(positioned, query.Sort, reverse: backwards);
        var pageNumber = Math.Min(query.Page, pageCount);
        if (query.After is null && query.Before is null && pageNumber > 1)
        {
            // A typed or old link with only a page number: one bounded OFFSET, then cursors onwards.
            ordered = (IOrderedQueryable<Product>)ordered.Skip((pageNumber - 1) * ListingQuery.PageSize);
        }
        var rows = await ordered.Take(ListingQuery.PageSize + 1)
            .Select(p => new { p.Id, p.Price, p.CreatedAt, p.Name })
            .ToListAsync(ct);

        var more = rows.Count > ListingQuery.PageSize;
        rows = rows.Take(ListingQuery.PageSize).ToList();
        if (backwards)
        {
            rows.Reverse();
        }
        if (rows.Count == 0)
        {
            return new ListingPage([], total, pageNumber, null, null);
        }
        KeysetCursor CursorOf(int index) => query.Sort switch
        {
            ListingSort.PriceAsc or ListingSort.PriceDesc => KeysetCursor.ForPrice(query.Sort, rows[index].Price, rows[index].Id),
            ListingSort.Newest => KeysetCursor.ForCreated(rows[index].CreatedAt, rows[index].Id),
            _ => KeysetCursor.ForName(rows[index].Name, rows[index].Id),
        };
        var hasPrevious = backwards ? more : pageNumber > 1 || query.After is not null;
        var hasNext = backwards || more;
        if (backwards && !more)
        {
            pageNumber = 1;
        }
        return new ListingPage(
            rows.Select(r => r.Id).ToList(),
            total,
            pageNumber,
            hasPrevious ? CursorOf(0).Encode() : null,
            hasNext ? CursorOf(rows.Count - 1).Encode() : null);
    }

    private static IQueryable<Product> Seek(IQueryable<Product> products, KeysetCursor cursor, bool forward)
    {
        var id = cursor.Id;
        // Rows after the cursor in display order (or before it, when paging back).
        var ascending = cursor.Sort is ListingSort.PriceAsc or ListingSort.Relevance;
        var greater = ascending == forward;
        switch (cursor.Sort)
        {
            case ListingSort.PriceAsc or ListingSort.PriceDesc:
                var price = cursor.Price;
                return greater
                    ? products.Where(p => p.Price > price || (p.Price == price && p.Id > id))
                    : products.Where(p => p.Price < price || (p.Price == price && p.Id < id));
            case ListingSort.Newest:
                var created = cursor.Created;
                return greater
                    ? products.Where(p => p.CreatedAt > created || (p.CreatedAt == created && p.Id > id))
                    : products.Where(p => p.CreatedAt < created || (p.CreatedAt == created && p.Id < id));
            default:
                var name = cursor.Value;
                return greater
                    ? products.Where(p => string.Compare(p.Name, name) > 0 || (p.Name == name && p.Id > id))
                    : products.Where(p => string.Compare(p.Name, name) < 0 || (p.Name == name && p.Id < id));
        }
    }

    private static IOrderedQueryable<Product> Order(IQueryable<Product> products, ListingSort sort, bool reverse) =>
        (sort, reverse) switch
        {
            (ListingSort.PriceAsc, false) or (ListingSort.PriceDesc, true) => products.OrderBy(p => p.Price).ThenBy(p => p.Id),
            (ListingSort.PriceDesc, false) or (ListingSort.PriceAsc, true) => products.OrderByDescending(p => p.Price).ThenByDescending(p => p.Id),
            (ListingSort.Newest, false) => products.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
            (ListingSort.Newest, true) => products.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
            (_, false) => products.OrderBy(p => p.Name).ThenBy(p => p.Id),
            (_, true) => products.OrderByDescending(p => p.Name).ThenByDescending(p => p.Id),
        };

    internal static string SummaryKey(int id) => "catalog:tile:" + id;

    internal static string[] ProductTags(int id) => [CatalogTags.Product(id), CatalogTags.Catalog];

    internal static bool IsSlug(string? slug) =>
        slug is { Length: > 0 and <= 200 } && slug.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
