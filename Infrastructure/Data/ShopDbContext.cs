using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Auditing;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Infrastructure.Jobs.Outbox;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Marketing;
using PeakShop.Infrastructure.Media;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Reports;
using PeakShop.Infrastructure.Sitemap;

namespace PeakShop.Infrastructure.Data;

/// <summary>
/// The write context: always on the primary. Reads that must see the caller's own writes
/// use it too; every other read goes through <see cref="ShopReadDbContext"/>.
/// </summary>
public class ShopDbContext : IdentityDbContext<ShopUser>, IDataProtectionKeyContext
{
    public ShopDbContext(DbContextOptions<ShopDbContext> options)
        : base(options)
    {
    }

    protected ShopDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Product> Products => Set<Product>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<ProductImage> ProductImages => Set<ProductImage>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();
    public DbSet<OrderStatusChange> OrderStatusChanges => Set<OrderStatusChange>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<StockMovement> StockMovements => Set<StockMovement>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<SentEmail> SentEmails => Set<SentEmail>();
    public DbSet<Report> Reports => Set<Report>();
    public DbSet<SitemapDocument> SitemapDocuments => Set<SitemapDocument>();
    public DbSet<MediaAsset> MediaAssets => Set<MediaAsset>();
    public DbSet<MediaVariant> MediaVariants => Set<MediaVariant>();
    public DbSet<MediaBlob> MediaBlobs => Set<MediaBlob>();
    public DbSet<Banner> Banners => Set<Banner>();

    /// <summary>
    /// The causal session of whoever leased this (pooled) context; set on every lease.
    /// Null outside a request (migrations, design time).
    /// </summary>
    internal ReadConsistency? Consistency { get; set; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");
        builder.HasSequence<long>(OrderNumbers.Sequence);
        builder.ApplyConfigurationsFromAssembly(typeof(ShopDbContext).Assembly);
    }
}
