using Microsoft.Extensions.Hosting;
using PeakShop.Infrastructure;
using PeakShop.Infrastructure.Telemetry;
using PeakShop.Jobs;

// The Jobs process: one-off deploy steps (migrate, seed, create-staff) and the Hangfire worker (run).
var command = args.FirstOrDefault() ?? "help";
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = [.. args.Skip(1)],
    // Settings ship beside the binary; the working directory is wherever the operator stands.
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddShopInfrastructure();
builder.AddShopTelemetry("peakshop-jobs");
builder.AddShopJobsCommands();
builder.AddShopJobsServer();
using var host = builder.Build();

return command switch
{
    "migrate" => await JobsCommands.MigrateAsync(host.Services),
    "seed" => await JobsCommands.SeedAsync(host.Services, builder.Configuration),
    "create-staff" => await JobsCommands.CreateStaffAsync(host.Services, builder.Configuration),
    "run" => await JobsCommands.RunAsync(host),
    _ => JobsCommands.Usage(command),
};
