using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PeakShop.Infrastructure.Api;
using PeakShop.Infrastructure.Caching;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Catalog;
using PeakShop.Infrastructure.Cdn;
using PeakShop.Infrastructure.Customers;
using PeakShop.Infrastructure.Customers.Sessions;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Data.Replicas;
using PeakShop.Infrastructure.Health;
using PeakShop.Infrastructure.Marketing;
using PeakShop.Infrastructure.Media;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Validation;
using StackExchange.Redis;

namespace PeakShop.Infrastructure;

public static class ShopInfrastructureExtensions
{
    /// <summary>The name every Web and Jobs process shares, so each can read what another protected.</summary>
    public const string ApplicationName = "PeakShop";

    /// <summary>
    /// Data (write and replica-aware read contexts), Data Protection keys in PostgreSQL, Redis,
    /// Identity stores and health checks: everything a Web or Jobs process needs from the platform.
    /// </summary>
    public static IHostApplicationBuilder AddShopInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddTimeProvider();
        builder.AddShopData();
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<ShopDbContext>();
        builder.AddShopIdentity();
        builder.AddShopRedis();

        builder.AddShopCaching();
        builder.AddCatalogServices();
        builder.AddCartServices();
        builder.AddAccountSessions();
        builder.AddOrderingServices();
        builder.AddShopCdn();
        builder.AddShopMedia();
        builder.AddMarketingServices();
        builder.AddApiKeys();

        services.AddHealthChecks()
            .AddCheck<PrimaryHealthCheck>("primary", tags: [ShopHealthChecks.ReadyTag])
            .AddCheck<StandbyHealthCheck>("standby", tags: [ShopHealthChecks.ReadyTag])
            .AddCheck<RedisHealthCheck>("redis", tags: [ShopHealthChecks.ReadyTag]);
        return builder;
    }

    /// <summary>The primary and the replica-aware read contexts, with their routing, resilience and text-bound interceptors.</summary>
    private static IHostApplicationBuilder AddShopData(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    options.ConnectionString = configuration.GetConnectionString("Shop") ?? "";
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<ShopDataSources>();
        services.AddSingleton<DbMetrics>();
        services.AddSingleton<DbRoleInterceptor>();
        services.AddSingleton<WalPositionInterceptor>();
        services.AddSingleton<ConnectionResilienceInterceptor>();
        services.AddSingleton<PrimaryAvailabilityInterceptor>();
        services.AddSingleton<TextBoundsInterceptor>();
        services.AddSingleton<StandbyMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StandbyMonitor>());
        services.AddSingleton<ReadRouter>();
        services.AddScoped<ReadConsistency>();

        services.AddPooledDbContextFactory<ShopDbContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            options.UseNpgsql(sp.GetRequiredService<ShopDataSources>().Primary,
                    npgsql => npgsql
                        .CommandTimeout(database.WriteCommandTimeoutSeconds)
                        .ExecutionStrategy(dependencies => new WriteExecutionStrategy(dependencies)))
                .AddInterceptors(
                    sp.GetRequiredService<DbRoleInterceptor>(),
                    sp.GetRequiredService<WalPositionInterceptor>(),
                    sp.GetRequiredService<ConnectionResilienceInterceptor>(),
                    sp.GetRequiredService<PrimaryAvailabilityInterceptor>(),
                    sp.GetRequiredService<TextBoundsInterceptor>());
            ShopModelOptions.Apply(options);
        });
        services.AddScoped(sp =>
        {
            var context = sp.GetRequiredService<IDbContextFactory<ShopDbContext>>().CreateDbContext();
            context.Consistency = sp.GetRequiredService<ReadConsistency>();
            return context;
        });
        services.AddScoped(sp => sp.GetRequiredService<ReadRouter>().CreateContext(sp.GetRequiredService<ReadConsistency>()));
        return builder;
    }

    /// <summary>Identity's user and role stores on the primary, for shoppers and staff alike.</summary>
    private static IHostApplicationBuilder AddShopIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddIdentityCore<ShopUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // The user name is the e-mail address, which [ShopEmail] already checks: any address it accepts
                // (an apostrophe, non-ASCII letters) is a valid user name, not a failed registration.
                options.User.AllowedUserNameCharacters = "";
                options.Password.RequiredLength = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<ShopDbContext>()
            .AddSignInManager()
            .AddUserManager<ShopUserManager>()
            .AddDefaultTokenProviders();
        return builder;
    }

    /// <summary>One Redis connection for the process (sessions, carts, cache L2, invalidation), and the distributed cache on it.</summary>
    private static IHostApplicationBuilder AddShopRedis(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var redis = builder.Configuration.GetConnectionString("Redis") ?? "127.0.0.1:6379";
        services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(redis);
            // Start even when Redis is down; it is reported as degraded and reconnects by itself.
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            // While Redis is down a command fails at once instead of waiting in the backlog for the 5 s timeout:
            // every page with a cart cookie reads the cart count, and would otherwise take 5 s (ADR 19).
            options.BacklogPolicy = BacklogPolicy.FailFast;
            return ConnectionMultiplexer.Connect(options);
        });
        services.AddStackExchangeRedisCache(options => options.InstanceName = "peakshop:");
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((options, multiplexer) =>
            options.ConnectionMultiplexerFactory = () => Task.FromResult(multiplexer));
        return builder;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
