namespace PeakShop.Web.Components.Pages.Admin.Shared;

/// <summary>One bar of a <see cref="BarChart"/>: its full label (for the table and tooltips), a short axis label and its value.</summary>
public sealed record ChartPoint(string Label, string ShortLabel, decimal Value);
