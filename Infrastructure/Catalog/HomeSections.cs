namespace PeakShop.Infrastructure.Catalog;

public sealed record HomeSections(
    IReadOnlyList<CategoryNode> FeaturedCategories,
    IReadOnlyList<ProductSummary> NewArrivals,
    IReadOnlyList<ProductSummary> Bestsellers,
    bool BestsellersFromOrders);
