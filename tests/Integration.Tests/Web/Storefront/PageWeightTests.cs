using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Data;
using Xunit.Abstractions;

namespace PeakShop.Integration.Tests.Web.Storefront;

/// <summary>A first visit to a product page stays under 100 KB compressed (HTML, CSS and JavaScript).</summary>
public sealed class PageWeightTests(ShopFactory factory, ITestOutputHelper output) : IClassFixture<ShopFactory>
{
    private const int Budget = 100 * 1024;

    [Fact]
    public async Task ProductPage_FirstVisit_StaysUnderBudget()
    {
        string slug;
        using (var scope = factory.Services.CreateScope())
        {
            slug = await scope.ServiceProvider.GetRequiredService<ShopReadDbContext>().Products.Listed()
                .Where(p => p.Stock > 0).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync();
        }
        using var client = factory.CreateCookielessClient();

        var html = await client.GetStringAsync(new Uri($"/p/{slug}", UriKind.Relative));
        // The edge compresses HTML; count it as gzip would send it.
        var total = Gzipped(html);
        output.WriteLine($"HTML {total} B gzipped");
        var assets = Regex.Matches(html, "<(?:link rel=\"stylesheet\" href|script src)=\"([^\"]+)\"")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains(assets, a => a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.EndsWith(".js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/" + asset.TrimStart('/'), UriKind.Relative));
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var size = response.Content.Headers.ContentEncoding.Count > 0 ? bytes.Length : Gzipped(bytes);
            output.WriteLine($"{asset}: {size} B ({string.Join(',', response.Content.Headers.ContentEncoding)})");
            total += size;
        }

        output.WriteLine($"total {total} B");
        Assert.True(total < Budget, $"first visit is {total} bytes compressed, budget {Budget}");
    }

    private static int Gzipped(string text) => Gzipped(System.Text.Encoding.UTF8.GetBytes(text));

    private static int Gzipped(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        return (int)buffer.Length;
    }
}
