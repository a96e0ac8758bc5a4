using System.ComponentModel;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Jobs;

namespace PeakShop.Infrastructure.Sitemap;

/// <summary>Regenerates sitemap.xml and stores it for Web (recurring).</summary>
public sealed class SitemapJob(ShopDbContext db, SitemapGenerator generator, IOptions<PublicSiteOptions> site, TimeProvider time)
{
    [Queue(JobQueues.Default)]
    [DisplayName("Regenerate sitemap.xml")]
    public async Task RegenerateAsync(CancellationToken cancellationToken)
    {
        var (xml, urls) = await generator.GenerateAsync(site.Value.PublicBaseUrl!, cancellationToken);
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlAsync($"""
            insert into sitemap_documents (name, content, url_count, generated_at) values ({SitemapDocument.SitemapName}, {xml}, {urls}, {now})
            on conflict (name) do update set content = excluded.content, url_count = excluded.url_count, generated_at = excluded.generated_at
            """, cancellationToken);
    }
}
