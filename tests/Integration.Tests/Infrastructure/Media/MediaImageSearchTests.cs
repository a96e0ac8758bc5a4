using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Media;

namespace PeakShop.Integration.Tests.Infrastructure.Media;

/// <summary>The image pickers' search (product editor) on the real primary: published images only, by name or description.</summary>
public sealed class MediaImageSearchTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    private MediaLibrary Library => factory.Services.GetRequiredService<MediaLibrary>();

    [Fact]
    public async Task Search_FindsPublishedImagesByNameOrDescription_NewestFirst_WithTheirRealVariants()
    {
        var older = await InsertAsync($"tent-{_run}.jpg", "A green tent", MediaStatus.Ready, [320, 640, 1280, 1600], minutesAgo: 5);
        var newer = await InsertAsync($"stove-{_run}.png", $"Stove for tent-{_run} trips", MediaStatus.Ready, [200], minutesAgo: 1, fallback: "png");
        await InsertAsync($"hidden-tent-{_run}.jpg", null, MediaStatus.Unpublished, [320, 640]);
        await InsertAsync($"new-tent-{_run}.jpg", null, MediaStatus.Processing, []);

        var byName = await Library.SearchImagesAsync($"TENT-{_run}");
        var byDescription = await Library.SearchImagesAsync($"stove for tent-{_run}");

        Assert.Equal([newer, older], byName.Select(c => c.Id));
        var tent = byName.Single(c => c.Id == older);
        Assert.Equal([320, 640, 1280, 1600], tent.Widths);
        Assert.Equal($"media/{tent.Hash}/1600.jpg", tent.Path);
        var stove = byName.Single(c => c.Id == newer);
        Assert.Equal([200], stove.Widths);
        Assert.Equal(("png", 200), (stove.Fallback, stove.Width));
        Assert.Equal([newer], byDescription.Select(c => c.Id));
    }

    [Fact]
    public async Task Search_TakesWildcardsLiterally_AndAnEmptyTermListsTheNewest()
    {
        var image = await InsertAsync($"sale_100%-{_run}.jpg", null, MediaStatus.Ready, [320, 640]);
        await InsertAsync($"sale-1000-{_run}.jpg", null, MediaStatus.Ready, [320, 640], minutesAgo: 2);

        var literal = await Library.SearchImagesAsync($"_100%-{_run}");
        var newest = await Library.SearchImagesAsync("  ", limit: 1);

        Assert.Equal([image], literal.Select(c => c.Id));
        Assert.Single(newest);
    }

    private async Task<long> InsertAsync(string fileName, string? alt, MediaStatus status, int[] widths, int minutesAgo = 0, string fallback = "jpg")
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var asset = new MediaAsset
        {
            Hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Kind = MediaKind.Image, ContentType = "image/jpeg", Extension = "jpg",
            FileName = fileName, AltText = alt, Length = 1000, Width = widths.DefaultIfEmpty(800).Max(), Height = 600, Status = status,
            UploadedBy = "test@example.com", UploadedAt = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo),
            Variants = [.. widths.SelectMany(w => new[] { "webp", fallback }.Select(f => new MediaVariant
            {
                Width = w, Format = f, Height = w * 3 / 4, BlobHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Length = 100,
            }))],
        };
        db.MediaAssets.Add(asset);
        await db.SaveChangesAsync();
        return asset.Id;
    }
}
