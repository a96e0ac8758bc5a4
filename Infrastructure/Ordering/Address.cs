namespace PeakShop.Infrastructure.Ordering;

/// <summary>A postal address as captured at checkout; stored with the order, never updated.</summary>
public sealed record Address
{
    public required string FullName { get; init; }
    public required string Line1 { get; init; }
    public string? Line2 { get; init; }
    public required string City { get; init; }
    public required string PostalCode { get; init; }
    public string? Region { get; init; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }
    public string? Phone { get; init; }
}
