using PeakShop.Infrastructure;
using PeakShop.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddShopEdge();                // Web: Shop:PublicBaseUrl for absolute links, management port, AllowedHosts
builder.AddShopInfrastructure();      // Infrastructure: data, replicas, cache, Data Protection, health
builder.AddStorefront();              // Web: components, causal-consistency cookie, page cache
builder.AddShopAdmin();               // Web: staff policies, Interactive Server for /admin
builder.AddShopJobsClient();          // Hangfire client (enqueue only)
builder.AddWebTelemetry();            // OpenTelemetry traces and metrics, Prometheus at /metrics

var app = builder.Build();
app.UseShopPipeline();
app.MapShopHealth();
app.MapWebTelemetry();
app.MapStorefront();
app.MapMedia();                      // /media/{hash}/… for the CDN, the marketing upload API
app.MapShopJobs();                    // /admin/jobs dashboard, /admin/reports, /sitemap.xml
app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
