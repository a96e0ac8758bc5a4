namespace PeakShop.Web.Components.Shared;

/// <summary>What a <c>FormField</c> hands its control: the id and the ARIA attributes to splat onto it.</summary>
public sealed record FieldContext(IReadOnlyDictionary<string, object> Attributes);
