using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Admin;
using PeakShop.Infrastructure.Validation;
using PeakShop.Web.Api.V1.Contracts;
using PeakShop.Web.Components.Shared;
using PeakShop.Web.Staff;

namespace PeakShop.Web.Api.V1;

/// <summary>
/// Staff work over the API (ADR 21): the same <see cref="ProductAdmin"/> and <see cref="OrderAdmin"/> as the admin
/// pages, so the same rules, audit rows, cache invalidation and optimistic concurrency apply. Only a staff member's
/// bearer token gets in (a partner key has no role); its security stamp is checked on every call, so removing a role
/// or "sign out everywhere" ends access at once rather than when the 15-minute token expires (UseShopApiAccess).
/// </summary>
public static class StaffEndpoints
{
    public static RouteGroupBuilder MapStaffApi(this RouteGroupBuilder v1)
    {
        var staff = v1.MapGroup("/staff")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        var products = staff.MapGroup("/products").RequireAuthorization(ApiPolicies.StaffCatalog).WithTags("Staff: products");
        products.MapGet("/", ListProducts).WithName("StaffListProducts")
            .WithSummary("Search and list products, archived ones too (50 a page).");
        products.MapGet("/{id:int}", GetProduct).WithName("StaffGetProduct")
            .WithSummary("One product as staff edit it, with its version (also the ETag).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        products.MapPost("/", CreateProduct).WithName("StaffCreateProduct")
            .WithSummary("Create a product (its stock starts at 0: add units with a stock adjustment).")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        products.MapPut("/{id:int}", UpdateProduct).WithName("StaffUpdateProduct")
            .WithSummary("Change a product, from the version you read (body `version` or `If-Match`); 409 with the current product if someone saved first.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        products.MapPost("/{id:int}/stock-adjustments", AdjustStock).WithName("StaffAdjustStock")
            .WithSummary("Add (positive) or remove (negative) units with a reason; stock never goes below zero.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var orders = staff.MapGroup("/orders").RequireAuthorization(ApiPolicies.StaffOrders).WithTags("Staff: orders");
        orders.MapGet("/", ListOrders).WithName("StaffListOrders")
            .WithSummary("Orders, newest first, by status, dates (from/to, yyyy-MM-dd) and e-mail; page with `before`.");
        orders.MapGet("/{number}", GetOrder).WithName("StaffGetOrder")
            .WithSummary("One order with its lines, history, version and the statuses it may move to.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{number}/status", ChangeOrderStatus).WithName("StaffChangeOrderStatus")
            .WithSummary("Move an order (pack, ship with a tracking number, deliver, cancel and restock, refund).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return v1;
    }

    private static async Task<Results<Ok<StaffProductPage>, ValidationProblem>> ListProducts(
        ProductAdmin admin, string? search, int? categoryId, int? brandId, string? status, bool? lowStock, string? sort, int? page,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var statusFilter = Parse(status, ProductStatusFilter.Active, "status", errors);
        var order = Parse(sort, ProductSort.Name, "sort", errors);
        if (search is { Length: > 200 } || !ShopText.IsClean(search))
        {
            errors["search"] = ["Search with at most 200 printable characters."];
        }
        if (page is < 1)
        {
            errors["page"] = ["Pages are numbered from 1."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var list = await admin.ListAsync(
            new ProductListQuery(search, categoryId, brandId, statusFilter, lowStock ?? false, order, page ?? 1), cancellationToken);
        return TypedResults.Ok(new StaffProductPage([.. list.Rows.Select(StaffProductRow.From)], list.Total, list.Page, list.PageCount));
    }

    private static async Task<Results<Ok<StaffProduct>, ProblemHttpResult>> GetProduct(
        int id, ProductAdmin admin, HttpContext http, CancellationToken cancellationToken)
    {
        if (await admin.GetAsync(id, cancellationToken) is not { } form)
        {
            return ApiProblems.Missing($"There is no product {id}.");
        }
        Versioned(http, form.Version);
        return TypedResults.Ok(StaffProduct.From(id, form));
    }

    private static async Task<Results<Created<StaffProduct>, ValidationProblem, ProblemHttpResult>> CreateProduct(
        StaffProductInput input, ProductAdmin admin, HttpContext http, CancellationToken cancellationToken)
    {
        var form = input.ToForm(version: 0);
        if (Invalid(form) is { } invalid)
        {
            return invalid;
        }
        var result = await admin.CreateAsync(form, StaffActors.Of(http.User), cancellationToken);
        if (result.Errors.Count > 0)
        {
            return FieldErrors(result);
        }
        var created = await admin.GetAsync(result.Id!.Value, cancellationToken);
        Versioned(http, created!.Version);
        return TypedResults.Created($"{ApiPaths.V1}/staff/products/{result.Id}", StaffProduct.From(result.Id.Value, created));
    }

    private static async Task<Results<Ok<StaffProduct>, ValidationProblem, ProblemHttpResult>> UpdateProduct(
        int id, StaffProductInput input, ProductAdmin admin, HttpContext http, CancellationToken cancellationToken)
    {
        var version = input.Version ?? IfMatchVersion(http.Request);
        if (version is null)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]>
            {
                ["version"] = ["Send the version you read (the product's `version`, or its ETag as If-Match)."],
            });
        }
        var form = input.ToForm(version.Value);
        if (Invalid(form) is { } invalid)
        {
            return invalid;
        }
        var result = await admin.UpdateAsync(id, form, StaffActors.Of(http.User), cancellationToken);
        if (result.NotFound)
        {
            return ApiProblems.Missing($"There is no product {id}.");
        }
        if (result.Current is { } current)
        {
            return ApiProblems.Conflict($"Product {id} was changed since version {version}: review the current values and send them again.",
                new Dictionary<string, object?> { ["current"] = StaffProduct.From(id, current) });
        }
        if (result.Errors.Count > 0)
        {
            return FieldErrors(result);
        }
        var saved = await admin.GetAsync(id, cancellationToken);
        Versioned(http, saved!.Version);
        return TypedResults.Ok(StaffProduct.From(id, saved));
    }

    private static async Task<Results<Ok<StockLevel>, ValidationProblem, ProblemHttpResult>> AdjustStock(
        int id, StockAdjustmentInput input, ProductAdmin admin, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ShopText.IsClean(input.Reason))
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["reason"] = [ShopText.InvalidMessage] });
        }
        var result = await admin.AdjustStockAsync(id, input.Delta ?? 0, input.Reason, StaffActors.Of(http.User), cancellationToken);
        if (result.NotFound)
        {
            return ApiProblems.Missing($"There is no product {id}.");
        }
        if (result.Refused)
        {
            return ApiProblems.Refused(ApiProblems.InsufficientStock, "Not enough stock.", result.Errors.Values.First());
        }
        if (result.Errors.Count > 0)
        {
            return FieldErrors(result);
        }
        var product = await admin.GetAsync(id, cancellationToken);
        return TypedResults.Ok(new StockLevel(id, product!.Stock));
    }

    private static async Task<Results<Ok<StaffOrderPage>, ValidationProblem>> ListOrders(
        OrderAdmin admin, string? status, string? from, string? to, string? email, string? before, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        OrderStatus? statusFilter = status is null ? null : Parse(status, OrderStatus.Paid, "status", errors);
        var fromDate = Date(from, "from", errors);
        var toDate = Date(to, "to", errors);
        if (email is { Length: > 254 } || !ShopText.IsClean(email))
        {
            errors["email"] = ["Filter by at most 254 printable characters of the e-mail address."];
        }
        if (before is not null && !OrderAdmin.Cursor.TryParse(before, out _, out _))
        {
            errors["before"] = ["Use the `older` value of the previous page."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        var list = await admin.ListAsync(new OrderListQuery(statusFilter, fromDate, toDate, email, before), cancellationToken);
        if (list.Error is { } error)
        {
            return ApiProblems.Invalid(new Dictionary<string, string[]> { ["to"] = [error] });
        }
        return TypedResults.Ok(new StaffOrderPage([.. list.Rows.Select(StaffOrderRow.From)], list.Older));
    }

    private static async Task<Results<Ok<StaffOrder>, ProblemHttpResult>> GetOrder(
        string number, OrderAdmin admin, HttpContext http, CancellationToken cancellationToken)
    {
        if (number.Length > 32 || await admin.GetAsync(number, cancellationToken) is not { } order)
        {
            return ApiProblems.Missing("There is no such order.");
        }
        Versioned(http, order.Version);
        return TypedResults.Ok(StaffOrder.From(order));
    }

    private static async Task<Results<Ok<StaffOrder>, ValidationProblem, ProblemHttpResult>> ChangeOrderStatus(
        string number, OrderStatusChangeInput input, OrderAdmin admin, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var to = Parse(input.To, OrderStatus.Paid, "to", errors, required: true);
        if (input.Version is null)
        {
            errors["version"] = ["Send the order's version as you read it."];
        }
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }
        if (number.Length > 32)
        {
            return ApiProblems.Missing("There is no such order.");
        }
        var result = await admin.ChangeStatusAsync(number, to, input.Version!.Value, input.TrackingNumber, StaffActors.Of(http.User), cancellationToken);
        switch (result.Outcome)
        {
            case OrderChangeOutcome.NotFound:
                return ApiProblems.Missing("There is no such order.");
            case OrderChangeOutcome.Invalid:
                return ApiProblems.Invalid(new Dictionary<string, string[]> { ["trackingNumber"] = [result.Message] });
            case OrderChangeOutcome.Conflict:
                return ApiProblems.Conflict(result.Message, new Dictionary<string, object?> { ["currentStatus"] = result.Status });
            case OrderChangeOutcome.Refused:
                return ApiProblems.Refused(ApiProblems.TransitionRefused, "This order cannot make that move.", result.Message,
                    new Dictionary<string, object?> { ["currentStatus"] = result.Status });
            case OrderChangeOutcome.PaymentFailed:
                return ApiProblems.Refused(ApiProblems.PaymentFailed, "The payment provider refused.", result.Message);
        }
        var order = await admin.GetAsync(number, cancellationToken);
        Versioned(http, order!.Version);
        return TypedResults.Ok(StaffOrder.From(order));
    }

    /// <summary>The version as an ETag, so a client can send it back as <c>If-Match</c>; staff data is never stored by caches.</summary>
    private static void Versioned(HttpContext http, uint version)
    {
        http.Response.Headers.ETag = $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";
        http.Response.Headers.CacheControl = "no-store";
    }

    private static uint? IfMatchVersion(HttpRequest request) =>
        request.Headers.IfMatch.ToString() is ['"', 'v', .. var digits, '"']
            && uint.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : null;

    /// <summary>
    /// The editor's own rules as field errors: <see cref="ProductForm"/>'s attributes, images included, and the text rules
    /// every form applies (<see cref="ShopValidator.Problems"/>: clean text, a length bound) on every string, alt texts too.
    /// </summary>
    private static ValidationProblem? Invalid(ProductForm form)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(form, new ValidationContext(form), results, validateAllProperties: true);
        for (var i = 0; i < form.Images.Count; i++)
        {
            var image = new List<ValidationResult>();
            Validator.TryValidateObject(form.Images[i], new ValidationContext(form.Images[i]), image, validateAllProperties: true);
            results.AddRange(image.Select(r => new ValidationResult(r.ErrorMessage, [.. r.MemberNames.Select(m => $"images[{i}].{m}")])));
        }
        foreach (var (field, message) in ShopValidator.Problems(form))
        {
            var member = field.Model is ProductImageForm image ? $"images[{form.Images.IndexOf(image)}].{field.FieldName}" : field.FieldName;
            results.Add(new ValidationResult(message, [member]));
        }
        if (results.Count == 0)
        {
            return null;
        }
        return ApiProblems.Invalid(results
            .SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(member => (Field: Camel(member), r.ErrorMessage)))
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "Invalid.").ToArray()));
    }

    private static ValidationProblem FieldErrors(AdminResult result) =>
        ApiProblems.Invalid(result.Errors.ToDictionary(e => Camel(e.Key), e => new[] { e.Value }));

    /// <summary>A field path as the JSON names it: <c>Name</c> → <c>name</c>, <c>images[0].AltText</c> → <c>images[0].altText</c>.</summary>
    private static string Camel(string field) =>
        string.Join('.', field.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));

    /// <summary>An enum value by its name in any case (<c>priceAsc</c>, <c>shipped</c>); numbers are not names.</summary>
    private static T Parse<T>(string? value, T fallback, string field, Dictionary<string, string[]> errors, bool required = false)
        where T : struct, Enum
    {
        if (value is null && !required)
        {
            return fallback;
        }
        if (value is { Length: > 0 } && char.IsLetter(value[0]) && Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }
        errors[field] = [$"Use one of: {string.Join(", ", Enum.GetNames<T>().Select(Camel))}."];
        return fallback;
    }

    private static DateOnly? Date(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[field] = ["Use a date such as 2026-12-31."];
        return null;
    }
}
