namespace PeakShop.Web.Components.Pages.Storefront.Help;

/// <summary>The help pages the footer links to, in footer order.</summary>
public static class HelpTopics
{
    public sealed record Topic(string Slug, string Title, string Summary);

    public static readonly IReadOnlyList<Topic> All =
    [
        new("delivery", "Delivery", "How fast your order arrives and what it costs."),
        new("returns", "Returns and refunds", "Thirty days to change your mind, free."),
        new("contact", "Contact us", "A person answers within one working day."),
        new("privacy", "Privacy", "What we keep about you, and why."),
    ];

    public static Topic? Find(string? slug) => All.FirstOrDefault(t => t.Slug == slug);
}
