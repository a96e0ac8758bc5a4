using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Web.Api.V1.Contracts;
using OrderEntity = PeakShop.Infrastructure.Ordering.Order;

namespace PeakShop.Web.Api.V1;

/// <summary>
/// Orders for their buyers: a guest's with the order token from checkout, a customer's with the customer's own
/// credentials. Anyone else gets the same 404 as for a number that does not exist (numbers are sequential).
/// </summary>
public static class OrderEndpoints
{
    public static RouteGroupBuilder MapOrderApi(this RouteGroupBuilder v1)
    {
        var orders = v1.MapGroup("/orders").WithTags("Orders").AddEndpointFilter(CartEndpoints.NoStore);
        orders.MapGet("/{number}", GetOrderAsync)
            .WithName("GetOrder")
            .WithSummary("One order of the caller: a guest sends the Order-Token header from checkout, a customer their token.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapGet("/{number}/status", GetOrderStatusAsync)
            .WithName("GetOrderStatus")
            .WithSummary("Where the caller's order stands: status, last change, tracking number once shipped.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        v1.MapGet("/me/orders", GetMyOrdersAsync)
            .RequireAuthorization(ApiPolicies.Customer)
            .AddEndpointFilter(CartEndpoints.NoStore)
            .WithTags("Orders")
            .WithName("GetMyOrders")
            .WithSummary("The signed-in customer's orders, newest first (at most 100).");
        return v1;
    }

    internal static string OrderPath(string number) => $"{ApiPaths.V1}/orders/{number}";

    internal static async Task<Results<Ok<Order>, ProblemHttpResult>> GetOrderAsync(
        string number, [FromHeader(Name = OrderTokens.Header)] string? orderToken, ClaimsPrincipal user,
        OrderQueries orders, OrderTokens tokens, CancellationToken cancellationToken) =>
        await FindOwnedAsync(number, orderToken, user, orders, tokens, cancellationToken) is { } order
            ? TypedResults.Ok(Order.From(order))
            : NoSuchOrder();

    internal static async Task<Results<Ok<OrderStatusView>, ProblemHttpResult>> GetOrderStatusAsync(
        string number, [FromHeader(Name = OrderTokens.Header)] string? orderToken, ClaimsPrincipal user,
        OrderQueries orders, OrderTokens tokens, CancellationToken cancellationToken) =>
        await FindOwnedAsync(number, orderToken, user, orders, tokens, cancellationToken) is { } order
            ? TypedResults.Ok(OrderStatusView.From(order))
            : NoSuchOrder();

    internal static async Task<Ok<OrderSummary[]>> GetMyOrdersAsync(ClaimsPrincipal user, OrderQueries orders, CancellationToken cancellationToken)
    {
        var customerId = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The customer policy lets only signed-in customers through.");
        var list = await orders.ForCustomerAsync(customerId, cancellationToken);
        return TypedResults.Ok(list.Select(OrderSummary.From).ToArray());
    }

    private static async Task<OrderEntity?> FindOwnedAsync(
        string number, string? orderToken, ClaimsPrincipal user, OrderQueries orders, OrderTokens tokens, CancellationToken cancellationToken)
    {
        // A guest's token names one order: check it before touching the database, so guessing costs no query.
        var userId = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null && !tokens.Grants(orderToken, number))
        {
            return null;
        }
        var order = await orders.FindAsync(number, cancellationToken);
        if (order is null)
        {
            return null;
        }
        var mayView = order.CustomerId is not null
            ? order.CustomerId == userId
            : tokens.Grants(orderToken, order.Number);
        return mayView ? order : null;
    }

    private static ProblemHttpResult NoSuchOrder() =>
        ApiProblems.Missing("You have no order with this number.");
}
