using System.Globalization;
using System.Text;
using System.Xml;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Data;

namespace PeakShop.Infrastructure.Sitemap;

/// <summary>Writes sitemap.xml: the home page, every category and every product on sale (one file: at most 50,000 URLs).</summary>
public sealed class SitemapGenerator(ShopReadDbContext read)
{
    public const int MaxUrls = 50_000;

    public async Task<(string Xml, int Urls)> GenerateAsync(string baseUrl, CancellationToken cancellationToken = default)
    {
        var root = baseUrl.TrimEnd('/');
        var categories = await read.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Slug).ToListAsync(cancellationToken);
        var products = await read.Products.AsNoTracking().Where(p => !p.IsArchived).OrderBy(p => p.Id)
            .Select(p => new { p.Slug, p.UpdatedAt }).Take(MaxUrls - 1 - categories.Count).ToListAsync(cancellationToken);

        var output = new StringBuilder();
        using (var xml = XmlWriter.Create(new StringWriter(output, CultureInfo.InvariantCulture), new XmlWriterSettings { Indent = false, Async = true }))
        {
            await xml.WriteStartDocumentAsync();
            await xml.WriteStartElementAsync(null, "urlset", "http://www.sitemaps.org/schemas/sitemap/0.9");
            await UrlAsync(xml, root + "/", null);
            foreach (var slug in categories)
            {
                await UrlAsync(xml, $"{root}/c/{Uri.EscapeDataString(slug)}", null);
            }
            foreach (var p in products)
            {
                await UrlAsync(xml, $"{root}/p/{Uri.EscapeDataString(p.Slug)}", p.UpdatedAt);
            }
            await xml.WriteEndElementAsync();
            await xml.WriteEndDocumentAsync();
        }
        // StringWriter reports UTF-16; the document is served as UTF-8.
        return (output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), 1 + categories.Count + products.Count);
    }

    private static async Task UrlAsync(XmlWriter xml, string location, DateTimeOffset? modified)
    {
        await xml.WriteStartElementAsync(null, "url", null);
        await xml.WriteElementStringAsync(null, "loc", null, location);
        if (modified is { } m)
        {
            await xml.WriteElementStringAsync(null, "lastmod", null, m.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        await xml.WriteEndElementAsync();
    }
}
