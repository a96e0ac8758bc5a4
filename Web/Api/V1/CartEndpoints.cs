using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PeakShop.Infrastructure.Cart;
using PeakShop.Infrastructure.Data;
using PeakShop.Infrastructure.Ordering.Checkout;
using PeakShop.Infrastructure.Ordering.Payments;
using PeakShop.Infrastructure.RateLimiting;
using PeakShop.Web.Api.V1.Contracts;
using PeakShop.Web.Components.Shared;
using PeakShop.Web.Shopper;

namespace PeakShop.Web.Api.V1;

/// <summary>
/// Carts and checkout over the API: the same Redis carts, <see cref="CartService"/> rules and
/// <see cref="CheckoutService"/> as the pages, addressed by a cart token instead of a cookie.
/// </summary>
public static class CartEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private const string QuantityMessage = "Enter a quantity from 1 to 99 (a cart holds at most 99 of a product).";

    public static IHostApplicationBuilder AddShopCartAndOrderApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CartTokens>();
        builder.Services.AddSingleton<OrderTokens>();
        return builder;
    }

    public static RouteGroupBuilder MapCartApi(this RouteGroupBuilder v1)
    {
        var carts = v1.MapGroup("/carts").WithTags("Carts").AddEndpointFilter(NoStore);
        carts.MapPost("", CreateCart)
            .RequireAuthorization(ApiPolicies.Write)
            .WithName("CreateCart")
            .WithSummary("Creates an empty guest cart; its token (in the body and the Location) names it from now on.");
        carts.MapGet("/{token}", GetCartAsync)
            .WithName("GetCart")
            .WithSummary("The cart priced from current catalog prices.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        carts.MapPost("/{token}/lines", AddLineAsync)
            .RequireAuthorization(ApiPolicies.Write)
            .WithName("AddCartLine")
            .WithSummary("Adds a quantity of a product (to its line when it is already in the cart).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        carts.MapPut("/{token}/lines/{productId:int}", UpdateLineAsync)
            .RequireAuthorization(ApiPolicies.Write)
            .WithName("UpdateCartLine")
            .WithSummary("Sets the quantity of a line already in the cart.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        carts.MapDelete("/{token}/lines/{productId:int}", RemoveLineAsync)
            .RequireAuthorization(ApiPolicies.Write)
            .WithName("RemoveCartLine")
            .WithSummary("Removes a product's line (nothing to do when it is not in the cart).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        carts.MapPost("/{token}/checkout", CheckoutAsync)
            .RequireAuthorization(ApiPolicies.Write)
            .WithName("Checkout")
            .WithSummary("Places the cart's order. The Idempotency-Key header (a UUID) makes a retry return the same order.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // A signed-in customer's own cart: the one the site shows them (u:<userId>), no token needed.
        var mine = v1.MapGroup("/me/cart").WithTags("Carts").RequireAuthorization(ApiPolicies.Customer).AddEndpointFilter(NoStore);
        mine.MapGet("", GetMyCartAsync)
            .WithName("GetMyCart")
            .WithSummary("The signed-in customer's cart, as the site shows it.");
        mine.MapPost("/lines", AddMyLineAsync)
            .WithName("AddMyCartLine")
            .WithSummary("Adds a quantity of a product to the customer's cart.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapPut("/lines/{productId:int}", UpdateMyLineAsync)
            .WithName("UpdateMyCartLine")
            .WithSummary("Sets the quantity of a line already in the customer's cart.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mine.MapDelete("/lines/{productId:int}", RemoveMyLineAsync)
            .WithName("RemoveMyCartLine")
            .WithSummary("Removes a product's line from the customer's cart.");
        return v1;
    }

    /// <summary>Carts and orders are one client's: no shared cache or browser may keep them.</summary>
    internal static ValueTask<object?> NoStore(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        context.HttpContext.Response.Headers.CacheControl = "no-store";
        return next(context);
    }

    internal static Created<Cart> CreateCart(CartTokens tokens)
    {
        // Nothing is stored until the first line: an empty cart is only its token.
        var (_, token) = tokens.Create();
        return TypedResults.Created(CartPath(token), new Cart(token, [], 0m, 0, CartView.Empty.Currency));
    }

    internal static async Task<Results<Ok<Cart>, ProblemHttpResult>> GetCartAsync(string token, CartTokens tokens, CartService carts)
    {
        if (tokens.Read(token) is not { } cartId)
        {
            return UnknownCart();
        }
        return TypedResults.Ok(Cart.From(token, await carts.GetAsync(cartId)));
    }

    internal static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> AddLineAsync(
        string token, AddCartLine body, CartTokens tokens, CartService carts)
    {
        if (tokens.Read(token) is not { } cartId)
        {
            return UnknownCart();
        }
        return await AddAsync(cartId, token, body, carts);
    }

    internal static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> UpdateLineAsync(
        string token, int productId, UpdateCartLine body, CartTokens tokens, CartService carts)
    {
        if (tokens.Read(token) is not { } cartId)
        {
            return UnknownCart();
        }
        return await UpdateAsync(cartId, token, productId, body, carts);
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveLineAsync(string token, int productId, CartTokens tokens, CartService carts)
    {
        if (tokens.Read(token) is not { } cartId)
        {
            return UnknownCart();
        }
        await carts.RemoveAsync(cartId, productId);
        return TypedResults.NoContent();
    }

    internal static async Task<Ok<Cart>> GetMyCartAsync(ClaimsPrincipal user, CartService carts) =>
        TypedResults.Ok(Cart.From(null, await carts.GetAsync(CustomerCartId(user))));

    internal static Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> AddMyLineAsync(
        AddCartLine body, ClaimsPrincipal user, CartService carts) =>
        AddAsync(CustomerCartId(user), null, body, carts);

    internal static Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> UpdateMyLineAsync(
        int productId, UpdateCartLine body, ClaimsPrincipal user, CartService carts) =>
        UpdateAsync(CustomerCartId(user), null, productId, body, carts);

    internal static async Task<NoContent> RemoveMyLineAsync(int productId, ClaimsPrincipal user, CartService carts)
    {
        await carts.RemoveAsync(CustomerCartId(user), productId);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Created<Order>, Ok<Order>, ValidationProblem, ProblemHttpResult>> CheckoutAsync(
        string token,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        CheckoutBody body,
        HttpContext http,
        CartTokens tokens,
        OrderTokens orderTokens,
        CheckoutService checkout,
        ShopDbContext primary,
        RedisRateLimiter limiter)
    {
        if (tokens.Read(token) is not { } cartId)
        {
            return UnknownCart();
        }
        var errors = new Dictionary<string, string[]>();
        // The API is strict: the key is a UUID in its usual 8-4-4-4-12 form, never all zeros.
        if (!Guid.TryParseExact(idempotencyKey?.Trim(), "D", out var key) || !CheckoutKeys.IsAcceptable(key))
        {
            errors[IdempotencyKeyHeader] = [string.IsNullOrWhiteSpace(idempotencyKey)
                ? "Send an Idempotency-Key header: a new UUID per order, the same one when retrying it."
                : "The Idempotency-Key header must be a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), not all zeros."];
        }
        var form = CheckoutFormOf(body, key);
        foreach (var (field, message) in Validate(form))
        {
            errors.TryAdd(field, [message]);
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        // A retry of a placed order answers before the rate limit: retries after a lost response are expected.
        if (await checkout.FindOrderNumberAsync(cartId, key, http.RequestAborted) is { } placed)
        {
            return await ReplayAsync(http, placed, primary, orderTokens);
        }
        // Payment attempts per cart, shared with the checkout page: a card tester gets a handful of tries.
        var counter = RateLimitCounter.CheckoutPerCart(limiter.Options, cartId);
        var decision = await limiter.TakeAsync(counter);
        if (!decision.Allowed)
        {
            return ApiProblems.TooManyRequests(http, decision, counter.Name);
        }

        var customerId = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        var result = await checkout.PlaceOrderAsync(new CheckoutRequest(
            cartId,
            key,
            form.Email!,
            customerId,
            form.ToAddress(),
            form.ShippingMethod,
            new CardDetails(form.CardNumber!, form.CardExpiry!, form.CardCvc!, form.FullName!)), http.RequestAborted);

        switch (result.Outcome)
        {
            case CheckoutOutcome.Placed:
                var order = await PlacedOrderAsync(primary, result.OrderNumber!, http.RequestAborted);
                return TypedResults.Created(OrderEndpoints.OrderPath(order.Number), Order.From(order, GuestToken(order, orderTokens)));
            case CheckoutOutcome.AlreadyPlaced:
                return await ReplayAsync(http, result.OrderNumber!, primary, orderTokens);
            case CheckoutOutcome.EmptyCart:
                return ApiProblems.Refused(ApiProblems.CartEmpty, "The cart is empty.", "Add a product to the cart before checking out.");
            case CheckoutOutcome.OutOfStock:
                return InsufficientStock(result.ProductId ?? 0, result.Available ?? 0, result.Message);
            case CheckoutOutcome.PaymentFailed:
                return ApiProblems.Refused(ApiProblems.PaymentDeclined, "The payment did not go through.",
                    result.Message ?? "The card was not authorized. No money was taken.");
            case CheckoutOutcome.InvalidShipping:
                return ApiProblems.Invalid(new Dictionary<string, string[]> { ["shippingMethod"] = [result.Message ?? "Choose a shipping method."] });
            default:
                return ApiProblems.Invalid(new Dictionary<string, string[]> { [IdempotencyKeyHeader] = [result.Message ?? CheckoutService.InvalidFormMessage] });
        }
    }

    internal static string CartPath(string token) => $"{ApiPaths.V1}/carts/{token}";

    private static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> AddAsync(
        string cartId, string? token, AddCartLine body, CartService carts)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.ProductId is null)
        {
            errors["productId"] = ["Enter the id of the product to add."];
        }
        if (body.Quantity is null)
        {
            errors["quantity"] = [QuantityMessage];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var productId = body.ProductId!.Value;
        return await AnswerAsync(await carts.AddAsync(cartId, productId, body.Quantity!.Value), cartId, token, productId, carts);
    }

    private static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string cartId, string? token, int productId, UpdateCartLine body, CartService carts)
    {
        if (body.Quantity is not { } quantity)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["quantity"] = [QuantityMessage] });
        }
        return await AnswerAsync(await carts.SetQuantityAsync(cartId, productId, quantity), cartId, token, productId, carts);
    }

    private static async Task<Results<Ok<Cart>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        CartResult result, string cartId, string? token, int productId, CartService carts)
    {
        switch (result.Error)
        {
            case CartError.None:
                return TypedResults.Ok(Cart.From(token, await carts.GetAsync(cartId)));
            case CartError.Quantity:
                return ApiProblems.Invalid(new Dictionary<string, string[]> { ["quantity"] = [QuantityMessage] });
            case CartError.Stock:
                return InsufficientStock(productId, result.Available, null);
            case CartError.NotInCart:
                return ApiProblems.Missing("This product is not in the cart. Add it with POST …/lines.");
            default:
                return ApiProblems.Refused(ApiProblems.ProductUnavailable, "The product is not available.",
                    "The product does not exist or is no longer sold.",
                    new Dictionary<string, object?> { ["productId"] = productId });
        }
    }

    private static ProblemHttpResult InsufficientStock(int productId, int available, string? detail) =>
        ApiProblems.Refused(ApiProblems.InsufficientStock, "Not enough in stock.",
            detail ?? (available <= 0
                ? "The product is sold out."
                : $"Only {available.ToString(CultureInfo.InvariantCulture)} more can be added."),
            new Dictionary<string, object?> { ["productId"] = productId, ["available"] = available });

    private static ProblemHttpResult UnknownCart() =>
        ApiProblems.Missing("No cart has this token. Create one with POST /api/v1/carts.");

    private static string CustomerCartId(ClaimsPrincipal user) =>
        CartIds.OfAccount(user) ?? throw new InvalidOperationException("The customer policy lets only signed-in customers through.");

    private static async Task<Results<Created<Order>, Ok<Order>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        HttpContext http, string number, ShopDbContext primary, OrderTokens orderTokens)
    {
        http.Response.Headers[ReplayedHeader] = "true";
        var order = await PlacedOrderAsync(primary, number, http.RequestAborted);
        return TypedResults.Ok(Order.From(order, GuestToken(order, orderTokens)));
    }

    /// <summary>
    /// The order just placed (or found by its key), from the primary. Not through <see cref="OrderQueries"/>: a read
    /// context picks its server when it is created, before this request wrote anything, so it may be on a standby
    /// that has not replayed the order yet.
    /// </summary>
    private static Task<Infrastructure.Ordering.Order> PlacedOrderAsync(ShopDbContext primary, string number, CancellationToken cancellationToken) =>
        primary.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Number == number, cancellationToken);

    // A guest's order is read back with this token; a customer's with their own credentials.
    private static string? GuestToken(Infrastructure.Ordering.Order order, OrderTokens orderTokens) =>
        order.CustomerId is null ? orderTokens.Create(order.Number) : null;

    /// <summary>The page's form, so the API checks exactly what the page checks (messages included).</summary>
    private static CheckoutForm CheckoutFormOf(CheckoutBody body, Guid key) => new()
    {
        Email = body.Email,
        FullName = body.ShippingAddress?.FullName,
        Line1 = body.ShippingAddress?.Line1,
        Line2 = body.ShippingAddress?.Line2,
        City = body.ShippingAddress?.City,
        PostalCode = body.ShippingAddress?.PostalCode,
        Region = body.ShippingAddress?.Region,
        Country = body.ShippingAddress?.Country,
        Phone = body.ShippingAddress?.Phone,
        // Standard when not chosen, as on the page.
        ShippingMethod = body.ShippingMethod ?? ShippingMethods.Standard.Code,
        CardNumber = body.Card?.Number,
        CardExpiry = body.Card?.Expiry,
        CardCvc = body.Card?.Cvc,
        IdempotencyKey = key,
    };

    /// <summary>The form's DataAnnotations and the shop's text rules, named by the request's JSON paths.</summary>
    private static IEnumerable<(string Field, string Message)> Validate(CheckoutForm form)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true);
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames)
            {
                if (JsonPath(member) is { } path)
                {
                    yield return (path, result.ErrorMessage ?? "This field is not valid.");
                }
            }
        }
        foreach (var (field, message) in ShopValidator.Problems(form))
        {
            if (JsonPath(field.FieldName) is { } path)
            {
                yield return (path, message);
            }
        }
        if (ShippingMethods.Find(form.ShippingMethod) is null)
        {
            yield return ("shippingMethod", $"Choose a shipping method: {string.Join(", ", ShippingMethods.All.Select(m => m.Code))}.");
        }
    }

    private static string? JsonPath(string member) => member switch
    {
        nameof(CheckoutForm.Email) => "email",
        nameof(CheckoutForm.ShippingMethod) => "shippingMethod",
        nameof(CheckoutForm.CardNumber) => "card.number",
        nameof(CheckoutForm.CardExpiry) => "card.expiry",
        nameof(CheckoutForm.CardCvc) => "card.cvc",
        // The key comes from the header, checked above.
        nameof(CheckoutForm.IdempotencyKey) => null,
        _ => "shippingAddress." + char.ToLowerInvariant(member[0]) + member[1..],
    };
}
