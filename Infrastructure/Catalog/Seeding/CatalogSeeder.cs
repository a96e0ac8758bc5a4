using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Media;

namespace PeakShop.Infrastructure.Catalog.Seeding;

public sealed record SeedOptions(int Products = 10_000, int Seed = 20261127);

public sealed record SeedResult(bool Seeded, int Brands, int Categories, int Products);

/// <summary>
/// Writes the deterministic demo catalog. Product <c>i</c> depends only on the seed and <c>i</c>,
/// so a smaller catalog is an exact prefix of a larger one, and the same input gives the same rows.
/// </summary>
public sealed partial class CatalogSeeder(ShopDbContext db, ILogger<CatalogSeeder> logger)
{
    // A fixed clock: timestamps are part of the seed, not of the day it ran.
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int Batch = 2_000;

    public async Task<SeedResult> SeedAsync(SeedOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Products);
        if (await db.Products.AnyAsync(cancellationToken))
        {
            LogAlreadySeeded();
            return new SeedResult(false, await db.Brands.CountAsync(cancellationToken),
                await db.Categories.CountAsync(cancellationToken), await db.Products.CountAsync(cancellationToken));
        }

        // Photos are rendered before the transaction (CPU only), so a retry does not render them again.
        var started = TimeProvider.System.GetTimestamp();
        var photos = RenderPhotos();
        LogPhotos(photos.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);

        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // One transaction, retried whole by the execution strategy if a restart breaks it half-way.
        var (brandCount, categoryCount) = await db.Database.CreateExecutionStrategy().ExecuteAsync(
            (db, options, photos), static (_, state, ct) => WriteCatalogAsync(state.db, state.options, state.photos, ct), null, cancellationToken);
        LogSeeded(options.Products, brandCount, categoryCount);
        return new SeedResult(true, brandCount, categoryCount, options.Products);
    }

    /// <summary>A demo photo ready to store: its file name, bytes, type and rendered variants.</summary>
    private sealed record Photo(string Name, byte[] Content, MediaType Type, IReadOnlyList<RenderedVariant> Variants);

    /// <summary>A stored demo photo as product images point at it.</summary>
    private sealed record StoredPhoto(long AssetId, string Path, int Width, int Height);

    private static readonly StaffActor SeedActor = new("seed", "seed@peakshop.local");

    /// <summary>The demo photos through the upload's own checks and the variants job's own rendering.</summary>
    private static List<Photo> RenderPhotos()
    {
        var photos = new Photo[DemoPhotos.Names.Length];
        Parallel.For(0, photos.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(4, Environment.ProcessorCount) }, i =>
        {
            var name = DemoPhotos.Names[i];
            var content = DemoPhotos.Read(name);
            var (type, refusal) = MediaLibrary.Validate(content, new MediaOptions());
            if (type is null)
            {
                throw new InvalidOperationException($"demo photo {name} was refused: {refusal!.Refusal}");
            }
            photos[i] = new Photo(name, content, type, MediaImages.RenderVariants(content, type.Width));
        });
        return [.. photos];
    }

    /// <summary>Stores the photos; the result lists each subcategory's photos by its slug, first view first.</summary>
    private static async Task<Dictionary<string, List<StoredPhoto>>> StorePhotosAsync(ShopDbContext db, List<Photo> photos,
        CancellationToken cancellationToken)
    {
        var stored = new List<(string Subcategory, StoredPhoto Photo)>(photos.Count);
        foreach (var photo in photos)
        {
            var asset = await MediaLibrary.AddAsync(db, photo.Type, photo.Content, photo.Name, SeedActor, null, queueVariants: false, Epoch, cancellationToken);
            await MediaVariantsJob.SaveAsync(db, asset.Id, photo.Variants, Epoch, cancellationToken);
            var top = MediaImages.WidthsFor(asset.Width)[^1];
            stored.Add((DemoPhotos.SubcategoryOf(photo.Name), new StoredPhoto(asset.Id, MediaUrls.VariantPath(asset.Hash, top, "jpg"), asset.Width, asset.Height)));
        }
        db.ChangeTracker.Clear();
        return stored.GroupBy(s => s.Subcategory, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(s => s.Photo).ToList(), StringComparer.Ordinal);
    }

    private static async Task<(int Brands, int Categories)> WriteCatalogAsync(ShopDbContext db, SeedOptions options, List<Photo> renderedPhotos,
        CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        var photos = await StorePhotosAsync(db, renderedPhotos, cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var brands = DemoCatalog.Brands.Select(name => new Brand { Name = name, Slug = Slugify(name) }).ToList();
        db.Brands.AddRange(brands);

        var leaves = new List<(Category Category, DemoCatalog.Department Department, DemoCatalog.Subcategory Sub)>();
        var sort = 0;
        foreach (var department in DemoCatalog.Departments)
        {
            var root = new Category { Name = department.Name, Slug = Slugify(department.Name), Description = department.Blurb, SortOrder = sort++ };
            db.Categories.Add(root);
            var childSort = 0;
            foreach (var sub in department.Subcategories)
            {
                var leaf = new Category { Name = sub.Name, Slug = Slugify(sub.Name), Parent = root, SortOrder = childSort++ };
                root.Children.Add(leaf);
                db.Categories.Add(leaf);
                leaves.Add((leaf, department, sub));
            }
        }
        await db.SaveChangesAsync(cancellationToken);

        var slugs = new HashSet<string>(StringComparer.Ordinal);
        for (var start = 0; start < options.Products; start += Batch)
        {
            var end = Math.Min(options.Products, start + Batch);
            for (var i = start; i < end; i++)
            {
                db.Products.Add(Generate(options.Seed, i, brands, leaves, slugs, photos));
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
        return (brands.Count, leaves.Count + DemoCatalog.Departments.Length);
    }

    private static Product Generate(
        int seed,
        int index,
        List<Brand> brands,
        List<(Category Category, DemoCatalog.Department Department, DemoCatalog.Subcategory Sub)> leaves,
        HashSet<string> slugs,
        Dictionary<string, List<StoredPhoto>> photos)
    {
        var random = new Random(unchecked((seed * 1_000_003) ^ (index * 7_919)));
        var (category, department, sub) = leaves[index % leaves.Count];
        var brand = brands[random.Next(brands.Count)];
        var adjective = Pick(random, DemoCatalog.Adjectives);
        var model = Pick(random, DemoCatalog.Models);
        var colour = Pick(random, DemoCatalog.Colours);
        var material = Pick(random, DemoCatalog.Materials);
        var useCase = Pick(random, department.UseCases);
        var name = $"{adjective} {sub.Noun} {model}, {colour}";

        var span = (double)(sub.MaxPrice - sub.MinPrice);
        var price = Math.Max(1m, Math.Round(sub.MinPrice + (decimal)(random.NextDouble() * span)) - 0.01m);
        var roll = random.Next(100);
        var stock = roll < 6 ? 0 : roll < 18 ? random.Next(1, 6) : random.Next(6, 250);

        var first = random.Next(DemoCatalog.Features.Length);
        var second = (first + 1 + random.Next(DemoCatalog.Features.Length - 1)) % DemoCatalog.Features.Length;
        var description =
            $"The {adjective} {sub.Noun} {model} from {brand.Name} is made for {useCase}, in {colour.ToLowerInvariant()} {material}. " +
            $"{DemoCatalog.Features[first]} {DemoCatalog.Features[second]} " +
            $"Backed by a {random.Next(1, 6)}-year {brand.Name} warranty.";

        var slug = Slugify($"{brand.Name} {adjective} {sub.Noun} {model} {colour}");
        var unique = slug;
        for (var n = 2; !slugs.Add(unique); n++)
        {
            unique = $"{slug}-{n}";
        }

        var created = Epoch.AddMinutes(index * 37 + random.Next(30));
        var product = new Product
        {
            Sku = string.Create(CultureInfo.InvariantCulture, $"PS-{category.Slug[..2].ToUpperInvariant()}-{index + 1:D6}"),
            Slug = unique,
            Name = name,
            Description = description,
            Price = price,
            Currency = "EUR",
            Stock = stock,
            BrandId = brand.Id,
            CategoryId = category.Id,
            CreatedAt = created,
            UpdatedAt = created,
        };
        // The product's own subcategory's photos; the draws stay as they were so the rest of the seed is unchanged.
        var own = photos.TryGetValue(category.Slug, out var views) ? views
            : throw new InvalidOperationException($"no demo photo for the subcategory {category.Slug}");
        var images = Math.Min(1 + random.Next(3), own.Count);
        var firstImage = random.Next(own.Count);
        for (var k = 0; k < images; k++)
        {
            var photo = own[(firstImage + k) % own.Count];
            product.Images.Add(new ProductImage
            {
                Path = photo.Path,
                MediaAssetId = photo.AssetId,
                AltText = k == 0 ? name : $"{name}, view {k + 1}",
                Width = photo.Width,
                Height = photo.Height,
                SortOrder = k,
            });
        }
        return product;
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>Lower-case ASCII words joined by hyphens: "Alder &amp; Pine" becomes "alder-pine".</summary>
    public static string Slugify(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }
                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && c != '.')
            {
                pendingHyphen = true;
            }
        }
        return builder.ToString();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered {Photos} demo photos and their variants in {Milliseconds:0} ms")]
    private partial void LogPhotos(int photos, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalog already has products; seed skipped")]
    private partial void LogAlreadySeeded();

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {Products} products, {Brands} brands, {Categories} categories")]
    private partial void LogSeeded(int products, int brands, int categories);
}
