using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PeakShop.Infrastructure.Mail;

internal static class MailRegistration
{
    /// <summary>Templates, the ledger-backed mailer and the SMTP transport. The Jobs process validates <c>Smtp:*</c> on start.</summary>
    public static IHostApplicationBuilder AddShopMail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.Section)
            .ValidateDataAnnotations();
        builder.Services.AddSingleton<IMailTransport, SmtpTransport>();
        builder.Services.AddScoped<EmailRenderer>();
        builder.Services.AddScoped<IdempotentMailer>();
        builder.Services.AddScoped<OrderEmailJobs>();
        builder.Services.AddScoped<AccountEmailJobs>();
        return builder;
    }
}
