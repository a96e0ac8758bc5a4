using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using PeakShop.Infrastructure.Customers;

namespace PeakShop.Web.Endpoints;

/// <summary>The Hangfire dashboard at <c>/admin/jobs</c>, for admins only.</summary>
public static class JobsDashboardEndpoints
{
    public const string DashboardPath = "/admin/jobs";

    public static WebApplication MapShopJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            DashboardTitle = "PeakShop jobs",
            AppPath = "/",
            Authorization = [],
            AsyncAuthorization = [new AdminDashboardAuthorization()],
            // Requeue and delete are the point of the dashboard for an admin.
            IsReadOnlyFunc = _ => false,
        })
            // The app's own gate first: anonymous callers are sent to sign in, others get 403 (the filter stays as a second check).
            .RequireAuthorization(ShopPolicies.Admin);
        return app;
    }

    /// <summary>
    /// The dashboard's gate: the ASP.NET Core user must pass the Admin policy. Hangfire answers 401 to an
    /// anonymous caller and 403 to a signed-in one who fails.
    /// </summary>
    private sealed class AdminDashboardAuthorization : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (http.User.Identity?.IsAuthenticated != true)
            {
                return false;
            }
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            return (await authorization.AuthorizeAsync(http.User, ShopPolicies.Admin)).Succeeded;
        }
    }
}
