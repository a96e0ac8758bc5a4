using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using NpgsqlTypes;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Catalog;

/// <summary>
/// Full-text search on the weighted <c>search_vector</c> (name A, brand B, description C). When a query
/// finds nothing, each word is corrected against the catalog's vocabulary (edit distance with
/// transpositions, so "tnet" finds "tent"), then pg_trgm similarity on the name is tried.
/// </summary>
public sealed class CatalogSearch(
    ShopReadDbContext db, HybridCache cache, CacheDependencies dependencies, IOptions<ShopCacheOptions> options, CatalogReader reader)
{
    public const int MaxQueryLength = 100;
    public const int PageSize = 24;
    public const int MaxPage = 50;
    public const int SuggestCount = 8;

    private static readonly string[] CatalogOnly = [CatalogTags.Catalog];

    private HybridCacheEntryOptions ListingEntry => options.Value.ListingEntryOptions();

    /// <summary>Trims, collapses white space and caps the length: what is searched and what is cached.</summary>
    public static string Normalize(string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return "";
        }
        var words = query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var joined = string.Join(' ', words).ToLowerInvariant();
        return joined.Length <= MaxQueryLength ? joined : joined[..MaxQueryLength].TrimEnd();
    }

    public async Task<SearchResults> SearchAsync(string? rawQuery, ListingQuery filters, CancellationToken cancellationToken = default)
    {
        var query = Normalize(rawQuery);
        var page = Math.Clamp(filters.Page, 1, MaxPage);
        if (query.Length == 0 || Vocabulary.Terms(query).Count == 0)
        {
            return new SearchResults(query, query, false, false, [], 0, 1, 1, [], filters, NoFacets);
        }
        var hits = await HitsAsync(query, filters, page, cancellationToken);
        var pageCount = Math.Clamp((hits.Total + PageSize - 1) / PageSize, 1, MaxPage);
        if (page > pageCount)
        {
            // Past the end (an old or edited link): show the last page rather than an empty one.
            page = pageCount;
            hits = await HitsAsync(query, filters, page, cancellationToken);
        }
        var match = hits.Match;
        IReadOnlyList<string> suggestions = [];
        if (match.Facets.Brands.Count == 0)
        {
            var vocabulary = await GetVocabularyAsync(cancellationToken);
            suggestions = vocabulary.Suggest(query, 3);
        }
        return new SearchResults(query, match.EffectiveQuery, match.Corrected, match.Fuzzy,
            await reader.GetSummariesAsync(hits.ProductIds, cancellationToken), hits.Total, Math.Min(page, pageCount), pageCount, suggestions,
            filters, match.Facets);
    }

    private static readonly CategoryFacets NoFacets = new([], 0, 0);

    private ValueTask<SearchHits> HitsAsync(string query, ListingQuery filters, int page, CancellationToken cancellationToken)
    {
        dependencies.Add(CatalogOnly);
        return cache.GetOrCreateAsync($"catalog:search:{filters.FilterKey()}:{page}:{query}", (query, filters, page),
            async (state, ct) => await LoadHitsAsync(state.query, state.filters, state.page, ct), ListingEntry, CatalogOnly, cancellationToken);
    }

    /// <summary>Product names for the type-ahead: words as typed so far, the last one as a prefix.</summary>
    public async Task<IReadOnlyList<SearchSuggestion>> SuggestAsync(string? rawQuery, CancellationToken cancellationToken = default)
    {
        var query = Normalize(rawQuery);
        var terms = Vocabulary.Terms(query);
        if (query.Length < 2 || terms.Count == 0)
        {
            return [];
        }
        return await cache.GetOrCreateAsync("catalog:suggest:" + query, terms, async (t, ct) =>
        {
            // Prefix search on the weighted vector: "espr mach" → 'espr':* & 'mach':*
            var tsQuery = string.Join(" & ", t.Select(w => w + ":*"));
            var products = db.Products.Listed()
                .Where(p => EF.Property<NpgsqlTsVector>(p, "SearchVector").Matches(EF.Functions.ToTsQuery("simple", tsQuery)));
            return (IReadOnlyList<SearchSuggestion>)await products
                .OrderByDescending(p => EF.Property<NpgsqlTsVector>(p, "SearchVector").Rank(EF.Functions.ToTsQuery("simple", tsQuery)))
                .ThenBy(p => p.Id)
                .Select(p => new SearchSuggestion(p.Name, p.Slug))
                .Take(SuggestCount).ToListAsync(ct);
        }, ListingEntry, CatalogOnly, cancellationToken);
    }

    /// <summary>One page of the query's match, narrowed by the filters and in their sort.</summary>
    private async Task<SearchHits> LoadHitsAsync(string query, ListingQuery filters, int page, CancellationToken ct)
    {
        var match = await cache.GetOrCreateAsync("catalog:search-match:" + query, query,
            async (q, c) => await LoadMatchAsync(q, c), ListingEntry, CatalogOnly, ct);
        if (match.Facets.Brands.Count == 0)
        {
            return new SearchHits([], 0, match);
        }
        if (match.FuzzyIds is { } similar)
        {
            // At most the pages we show: sorted here, by similarity unless another sort is asked for.
            var rows = await db.Products.Where(p => similar.Contains(p.Id)).Filtered(filters)
                .Select(p => new { p.Id, p.Price, p.CreatedAt }).ToListAsync(ct);
            var rank = similar.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
            var sorted = filters.Sort switch
            {
                ListingSort.PriceAsc => rows.OrderBy(r => r.Price).ThenBy(r => r.Id),
                ListingSort.PriceDesc => rows.OrderByDescending(r => r.Price).ThenBy(r => r.Id),
                ListingSort.Newest => rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id),
                _ => rows.OrderBy(r => rank[r.Id]),
            };
            return new SearchHits([.. sorted.Skip((page - 1) * PageSize).Take(PageSize).Select(r => r.Id)], rows.Count, match);
        }

        var filtered = FullText(match.EffectiveQuery).Filtered(filters);
        var total = await filtered.CountAsync(ct);
        var ordered = filters.Sort switch
        {
            ListingSort.PriceAsc => filtered.OrderBy(p => p.Price).ThenBy(p => p.Id),
            ListingSort.PriceDesc => filtered.OrderByDescending(p => p.Price).ThenBy(p => p.Id),
            ListingSort.Newest => filtered.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Id),
            // ts_rank's default weights (A 1.0, B 0.4, C 0.2): a name match outranks a brand match, which outranks the description.
            _ => filtered
                .OrderByDescending(p => EF.Property<NpgsqlTsVector>(p, "SearchVector").Rank(EF.Functions.WebSearchToTsQuery("english", match.EffectiveQuery)))
                .ThenByDescending(p => p.Stock > 0)
                .ThenBy(p => p.Id),
        };
        var ids = await ordered.Skip((page - 1) * PageSize).Take(PageSize).Select(p => p.Id).ToListAsync(ct);
        return new SearchHits(ids, total, match);
    }

    /// <summary>
    /// The words as typed; else corrected against the vocabulary; else trigram similarity on the name. The facets
    /// describe the match before any filter, so a filter can be widened again; no brand means no match.
    /// </summary>
    private async Task<SearchMatch> LoadMatchAsync(string query, CancellationToken ct)
    {
        var facets = await FullText(query).FacetsAsync(ct);
        if (facets.Brands.Count > 0)
        {
            return new SearchMatch(query, Corrected: false, FuzzyIds: null, facets);
        }
        var correction = (await GetVocabularyAsync(ct)).Correct(query);
        if (correction != query && await FullText(correction).FacetsAsync(ct) is { Brands.Count: > 0 } correctedFacets)
        {
            return new SearchMatch(correction, Corrected: true, FuzzyIds: null, correctedFacets);
        }

        // Last resort: trigram word similarity on the name (GIN index ix_products_name_trgm), at most the pages we show.
        var similar = await db.Database.SqlQuery<int>($"""
            select id as "Value" from products
            where not is_archived and {query} <% name
            order by word_similarity({query}, name) desc, id
            limit {MaxPage * PageSize}
            """).ToListAsync(ct);
        return similar.Count == 0
            ? new SearchMatch(query, Corrected: false, FuzzyIds: null, NoFacets)
            : new SearchMatch(query, Corrected: false, similar, await db.Products.Where(p => similar.Contains(p.Id)).FacetsAsync(ct));
    }

    private IQueryable<Product> FullText(string query) =>
        db.Products.Listed()
            .Where(p => EF.Property<NpgsqlTsVector>(p, "SearchVector").Matches(EF.Functions.WebSearchToTsQuery("english", query)));

    private ValueTask<Vocabulary> GetVocabularyAsync(CancellationToken cancellationToken) =>
        cache.GetOrCreateAsync("catalog:vocabulary", async ct =>
        {
            var words = await db.Database.SqlQuery<VocabularyWord>($"""
                select w as "Word", count(*)::int as "Count"
                from products, regexp_split_to_table(lower(name), '[^[:alnum:]]+') as w
                where not is_archived and length(w) >= 2
                group by w
                """).ToListAsync(ct);
            return new Vocabulary(words.ToDictionary(w => w.Word, w => w.Count));
        }, tags: CatalogOnly, cancellationToken: cancellationToken);

    private sealed record VocabularyWord(string Word, int Count);
}
