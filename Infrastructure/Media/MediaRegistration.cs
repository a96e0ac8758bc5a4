using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Media;

public static class MediaRegistration
{
    /// <summary><c>Media</c> settings, the PostgreSQL media store, the library service, public URLs and the variants job.</summary>
    public static IHostApplicationBuilder AddShopMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MediaOptions>()
            .BindConfiguration(MediaOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IMediaStore, PostgresMediaStore>();
        builder.Services.AddSingleton<MediaLibrary>();
        builder.Services.AddSingleton<MediaUrls>();
        builder.Services.AddScoped<MediaVariantsJob>();
        return builder;
    }
}
