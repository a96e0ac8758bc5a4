using PeakShop.Infrastructure.Catalog.Admin;
using PeakShop.Infrastructure.Ordering;
using PeakShop.Infrastructure.Ordering.Admin;

namespace PeakShop.Web.Api.V1.Contracts;

/// <summary>A row of the staff product list.</summary>
public sealed record StaffProductRow(
    int Id, string Sku, string Name, string Slug, string Category, string Brand, decimal Price, int Stock, bool IsArchived, DateTimeOffset UpdatedAt)
{
    public static StaffProductRow From(ProductRow row) =>
        new(row.Id, row.Sku, row.Name, row.Slug, row.Category, row.Brand, row.Price, row.Stock, row.IsArchived, row.UpdatedAt);
}

/// <summary>A page of the staff product list (50 a page, numbered: staff jump to page 7 of a search).</summary>
public sealed record StaffProductPage(IReadOnlyList<StaffProductRow> Items, int Total, int Page, int PageCount);

public sealed record StaffProductImage(string Path, string AltText, int Width, int Height);

/// <summary>
/// A product as staff edit it. The version is the row version to send back with a change (or as <c>If-Match</c>);
/// the stock changes only through a stock adjustment, with a reason.
/// </summary>
public sealed record StaffProduct(
    int Id, string Sku, string Name, string Slug, string Description, decimal Price, int Stock, int CategoryId, int BrandId,
    bool IsArchived, IReadOnlyList<StaffProductImage> Images, uint Version)
{
    public static StaffProduct From(int id, ProductForm form) => new(
        id, form.Sku, form.Name, form.Slug ?? "", form.Description, form.Price, form.Stock, form.CategoryId, form.BrandId,
        form.IsArchived, [.. form.Images.Select(i => new StaffProductImage(i.Path, i.AltText, i.Width, i.Height))], form.Version);
}

/// <summary>
/// A new product, or a change to one (every field is written, as the editor's form does). The version is required
/// for a change unless the request sends <c>If-Match</c>; the stock is not part of it. Fields are optional in the
/// contract so that a missing one is a field error of ours, not a serializer's.
/// </summary>
public sealed record StaffProductInput(
    string? Sku = null, string? Name = null, string? Slug = null, string? Description = null, decimal? Price = null,
    int? CategoryId = null, int? BrandId = null, bool? IsArchived = null, IReadOnlyList<StaffProductImage>? Images = null, uint? Version = null)
{
    public ProductForm ToForm(uint version) => new()
    {
        Sku = Sku?.Trim() ?? "", Name = Name ?? "", Slug = string.IsNullOrWhiteSpace(Slug) ? null : Slug.Trim(),
        Description = Description ?? "", Price = Price ?? -1, CategoryId = CategoryId ?? 0, BrandId = BrandId ?? 0,
        IsArchived = IsArchived ?? false, Version = version,
        Images = [.. (Images ?? []).Select(i => new ProductImageForm { Path = i.Path ?? "", AltText = i.AltText ?? "", Width = i.Width, Height = i.Height })],
    };
}

/// <summary>Units to add (positive) or remove (negative), and why: the stock page's form.</summary>
public sealed record StockAdjustmentInput(int? Delta = null, string? Reason = null);

public sealed record StockLevel(int ProductId, int Stock);

public sealed record StaffOrderRow(string Number, DateTimeOffset CreatedAt, string Email, OrderStatus Status, int Items, decimal Total, string Currency)
{
    public static StaffOrderRow From(OrderRow row) => new(row.Number, row.CreatedAt, row.Email, row.Status, row.Items, row.Total, row.Currency);
}

/// <summary>Newest first; <c>older</c> is the <c>before</c> cursor of the next page, null on the last.</summary>
public sealed record StaffOrderPage(IReadOnlyList<StaffOrderRow> Items, string? Older);

public sealed record StaffOrderLine(int? ProductId, string Sku, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record StaffOrderEvent(DateTimeOffset At, OrderStatus? From, OrderStatus To, string? Actor, string? Note);

public sealed record PostalAddress(
    string FullName, string Line1, string? Line2, string City, string PostalCode, string? Region, string Country, string? Phone)
{
    public static PostalAddress From(Address a) => new(a.FullName, a.Line1, a.Line2, a.City, a.PostalCode, a.Region, a.Country, a.Phone);
}

/// <summary>An order as staff see it, with the moves allowed from its status and the version a move must name.</summary>
public sealed record StaffOrder(
    string Number, OrderStatus Status, uint Version, IReadOnlyList<OrderStatus> NextStatuses, string Email, string? CustomerId,
    PostalAddress ShippingAddress, PostalAddress BillingAddress, string Currency,
    decimal Subtotal, decimal ShippingTotal, decimal TaxTotal, decimal Total,
    string? PaymentReference, string? ShippingMethod, string? TrackingNumber, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<StaffOrderLine> Lines, IReadOnlyList<StaffOrderEvent> History)
{
    public static StaffOrder From(OrderDetail o) => new(
        o.Number, o.Status, o.Version, OrderTransitions.From(o.Status), o.Email, o.CustomerId,
        PostalAddress.From(o.ShippingAddress), PostalAddress.From(o.BillingAddress), o.Currency,
        o.Subtotal, o.ShippingTotal, o.TaxTotal, o.Total, o.PaymentReference, o.ShippingMethod, o.TrackingNumber, o.CreatedAt, o.UpdatedAt,
        [.. o.Lines.Select(l => new StaffOrderLine(l.ProductId, l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal))],
        [.. o.History.Select(h => new StaffOrderEvent(h.At, h.From, h.To, h.ActorEmail, h.Note))]);
}

/// <summary>Move an order to a status (by name, e.g. <c>shipped</c>), from the version the caller saw.</summary>
public sealed record OrderStatusChangeInput(string? To = null, uint? Version = null, string? TrackingNumber = null);
