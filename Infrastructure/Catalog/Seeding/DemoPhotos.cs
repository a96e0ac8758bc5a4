using System.Reflection;

namespace PeakShop.Infrastructure.Catalog.Seeding;

/// <summary>
/// The demo catalog's product photos: one studio render per subcategory (a tent shows a tent), 1200×1200 progressive
/// JPEGs embedded in this assembly. They are made with POV-Ray from <c>Photos/scenes/&lt;subcategory-slug&gt;.pov</c> by
/// <c>Photos/render.sh</c>; building or seeding never needs POV-Ray.
/// </summary>
internal static class DemoPhotos
{
    public const int Size = 1200;
    private const string Prefix = "DemoPhotos/";

    private static readonly Assembly Assembly = typeof(DemoPhotos).Assembly;

    /// <summary>Every photo's file name, "&lt;subcategory-slug&gt;-&lt;view&gt;.jpg", in ordinal order.</summary>
    public static readonly string[] Names =
    [
        .. Assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..]).Order(StringComparer.Ordinal),
    ];

    /// <summary>"camp-kitchen-1.jpg" belongs to "camp-kitchen".</summary>
    public static string SubcategoryOf(string name) => name[..name.LastIndexOf('-')];

    public static byte[] Read(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new ArgumentException($"no demo photo named {name}", nameof(name));
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return content;
    }
}
