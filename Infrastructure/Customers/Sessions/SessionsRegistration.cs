using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Customers.Sessions;

internal static class SessionsRegistration
{
    /// <summary>Server-side sign-in sessions in Redis: the cookie handler's ticket store and <see cref="IUserSessions"/>.</summary>
    public static void AddAccountSessions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountSessionOptions>()
            .BindConfiguration(AccountSessionOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RedisSessionStore>();
        builder.Services.AddSingleton<ITicketStore>(sp => sp.GetRequiredService<RedisSessionStore>());
        builder.Services.AddSingleton<IUserSessions>(sp => sp.GetRequiredService<RedisSessionStore>());
    }
}
