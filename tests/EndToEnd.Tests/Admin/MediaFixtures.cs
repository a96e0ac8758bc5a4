using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Media;

namespace PeakShop.EndToEnd.Tests.Admin;

/// <summary>Published images as the media pipeline leaves them (rows only: their files are not served, only the markup is checked).</summary>
internal static class MediaFixtures
{
    public sealed record Image(long Id, string Hash, int[] Widths);

    /// <summary>A Ready image with the WebP and JPEG variants the pipeline makes for <paramref name="width"/> (MediaImages.WidthsFor).</summary>
    public static async Task<Image> InsertImageAsync(BrowserFixture fixture, string fileName, int width, int height, string? alt = null)
    {
        var widths = MediaImages.WidthsFor(width);
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var asset = new MediaAsset
        {
            Hash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Kind = MediaKind.Image, ContentType = "image/jpeg",
            Extension = "jpg", FileName = fileName, AltText = alt, Length = 1000, Width = width, Height = height, Status = MediaStatus.Ready,
            UploadedBy = "e2e@example.com", UploadedAt = DateTimeOffset.UtcNow,
            Variants = [.. widths.SelectMany(w => new[] { "webp", "jpg" }.Select(f => new MediaVariant
            {
                Width = w, Format = f, Height = w * height / width, BlobHash = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), Length = 100,
            }))],
        };
        db.MediaAssets.Add(asset);
        await db.SaveChangesAsync();
        return new Image(asset.Id, asset.Hash, widths);
    }
}
