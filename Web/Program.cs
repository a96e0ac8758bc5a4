using PeakShop.Infrastructure;
using PeakShop.Infrastructure.Jobs;
using PeakShop.Web.Api;
using PeakShop.Web.Endpoints;
using PeakShop.Web.Hosting;
using PeakShop.Web.Middleware;

var builder = WebApplication.CreateBuilder(args);
builder.AddShopEdge();                // Web: Shop:PublicBaseUrl for absolute links, management port, AllowedHosts
builder.AddShopInfrastructure();      // Infrastructure: data, replicas, cache, Data Protection, health
builder.AddShopStorefront();          // Web: components, causal-consistency cookie, page cache
builder.AddShopAdmin();               // Web: Interactive Server circuits for /admin
builder.AddShopApi();                 // Web: the public API's problem details, JSON and authentication (ADR 21)
builder.AddShopApiDocs();             // Web: its OpenAPI document per version
builder.AddShopAuthorization();       // Web: every authorization policy (staff sections, jobs, API)
builder.AddShopJobsClient();          // Infrastructure: Hangfire client, enqueue only (the Jobs process runs them)
builder.AddShopHealth();              // Web: readiness also degraded by a long jobs queue
builder.AddShopWebTelemetry();        // OpenTelemetry traces and metrics, Prometheus at /metrics

var app = builder.Build();
app.UseShopPipeline();                // every request's middleware, in order (Web/Middleware/ShopPipeline.cs)
app.MapShopHealth();                  // /healthz/live and /healthz/ready
app.MapShopMetrics();                 // /metrics, on the management port only
app.MapShopStorefront();              // the pages and their assets, the cart, search and account forms
app.MapShopMedia();                   // /media/{hash}/… for the CDN, the marketing upload API
app.MapShopJobsDashboard();           // /admin/jobs for admins
app.MapShopReports();                 // /admin/reports for staff
app.MapShopSitemap();                 // /sitemap.xml
app.MapShopApiV1();                   // /api/v1 for apps and partners (ADR 21)
app.MapShopApiDocs();                 // /openapi/v1.json and the reference at /api/docs
app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
