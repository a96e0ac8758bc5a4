using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Cdn;

public static class CdnRegistration
{
    /// <summary><c>Cdn</c> settings and the edge purger (none until a CDN is configured).</summary>
    public static IHostApplicationBuilder AddShopCdn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CdnOptions>()
            .BindConfiguration(CdnOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ICdnPurger, NoCdnPurger>();
        return builder;
    }
}

/// <summary>Same-origin assets: nothing is cached in front of the origin, so there is nothing to purge.</summary>
internal sealed class NoCdnPurger : ICdnPurger
{
    public Task PurgeAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PurgePrefixAsync(string pathPrefix, CancellationToken cancellationToken) => Task.CompletedTask;
}
