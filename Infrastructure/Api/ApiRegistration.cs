using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Api;

internal static class ApiRegistration
{
    /// <summary>Partner API keys: the cached lookup for requests and the Admin's writes.</summary>
    public static void AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<ApiKeyAdmin>();
    }
}
