using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PeakShop.Infrastructure.Cdn;

public static class CdnRegistration
{
    /// <summary>
    /// <c>Cdn</c> settings and the edge purger: <see cref="VarnishCdnPurger"/> when a CDN is configured
    /// (<c>Cdn:BaseUrl</c> or <c>Cdn:PurgeUrl</c>), none otherwise. A production CDN plugs in here with its own
    /// <see cref="ICdnPurger"/> (see docs/decisions/0010-cdn-edge.md).
    /// </summary>
    public static IHostApplicationBuilder AddShopCdn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CdnOptions>()
            .BindConfiguration(CdnOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var configured = builder.Configuration.GetSection(CdnOptions.Section).Get<CdnOptions>() ?? new CdnOptions();
        if (configured.PurgeEndpoint is null)
        {
            builder.Services.AddSingleton<ICdnPurger, NoCdnPurger>();
            return builder;
        }
        builder.Services.AddHttpClient<ICdnPurger, VarnishCdnPurger>((services, http) =>
        {
            var options = services.GetRequiredService<IOptions<CdnOptions>>().Value;
            http.BaseAddress = options.PurgeEndpoint;
            http.Timeout = options.PurgeTimeout;
        });
        return builder;
    }
}

/// <summary>Same-origin assets: nothing is cached in front of the origin, so there is nothing to purge.</summary>
internal sealed class NoCdnPurger : ICdnPurger
{
    public Task PurgeAsync(IReadOnlyCollection<string> paths, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task PurgePrefixAsync(string pathPrefix, CancellationToken cancellationToken) => Task.CompletedTask;
}
