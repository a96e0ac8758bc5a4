using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Jobs.Outbox;
using PeakShop.Infrastructure.Mail;
using PeakShop.Infrastructure.Reports;
using PeakShop.Infrastructure.Sitemap;

namespace PeakShop.Infrastructure.Jobs;

public static class JobsRegistration
{
    /// <summary>
    /// Hangfire on PostgreSQL (the primary, schema <c>Jobs:Schema</c>) as a client: enqueue, dashboard storage.
    /// The job implementations and the services that write outbox rows come along, so Web and Jobs agree on
    /// every job's type. Never creates the schema (that is <c>Jobs migrate</c>) and never runs a job: the
    /// Jobs process adds the server.
    /// </summary>
    public static IHostApplicationBuilder AddShopJobsClient(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(JobStorageConnection)))
        {
            return builder;
        }
        services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<JobStorageConnection>();
        services.AddHangfire((sp, config) =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseStorage(CreateStorage(sp.GetRequiredService<JobStorageConnection>(), options, prepareSchema: false));
            UseRetryPolicy(options);
        });

        services.AddScoped<ShopOutbox>();
        services.AddScoped<OutboxDispatcher>();
        builder.AddShopMail();
        services.AddScoped<ReportService>();
        services.AddScoped<SalesReportJob>();
        services.AddScoped<DailySalesSummaryJob>();
        services.AddScoped<SitemapGenerator>();
        services.AddScoped<SitemapJob>();
        services.AddScoped<HousekeepingJob>();
        services.AddScoped<IdentityEmailSender>();
        services.AddScoped<IEmailSender<ShopUser>>(sp => sp.GetRequiredService<IdentityEmailSender>());
        services.AddScoped<IRegistrationNotices>(sp => sp.GetRequiredService<IdentityEmailSender>());
        return builder;
    }

    public static PostgreSqlStorage CreateStorage(JobStorageConnection connection, JobsOptions options, bool prepareSchema) =>
        new(connection, new PostgreSqlStorageOptions
        {
            SchemaName = options.Schema,
            PrepareSchemaIfNecessary = prepareSchema,
            QueuePollInterval = options.QueuePollInterval,
            InvisibilityTimeout = options.InvisibilityTimeout,
            UseSlidingInvisibilityTimeout = true,
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        });

    /// <summary>
    /// One retry policy for every job: <c>Jobs:RetryDelaysSeconds</c> between attempts, then Failed (visible
    /// and requeueable on the dashboard). A <see cref="PermanentJobFailureException"/> fails at once.
    /// Hangfire keeps filters in a process-wide collection, so the default filter is replaced, not added to.
    /// </summary>
    private static void UseRetryPolicy(JobsOptions options)
    {
        foreach (var filter in GlobalJobFilters.Filters.Where(f => f.Instance is AutomaticRetryAttribute).ToList())
        {
            GlobalJobFilters.Filters.Remove(filter.Instance);
        }
        var delays = options.RetryDelays();
        GlobalJobFilters.Filters.Add(new AutomaticRetryAttribute
        {
            Attempts = delays.Length,
            DelaysInSeconds = delays,
            ExceptOn = [typeof(PermanentJobFailureException)],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
        });
    }
}
