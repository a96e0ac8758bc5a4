using NetVips;

namespace PeakShop.Infrastructure.Catalog.Seeding;

/// <summary>
/// The demo catalog's product photos: <see cref="DemoCatalog.PlaceholderImages"/> raster images, each a diagonal
/// gradient with a disc and a band in its own colours, 1600×1600 JPEG. Deterministic: the same index gives the same bytes.
/// </summary>
public static class DemoPhotos
{
    public const int Size = 1600;

    private static readonly (double[] From, double[] To, double[] Disc)[] Palettes =
    [
        ([214, 64, 52], [250, 180, 80], [255, 245, 230]),
        ([32, 96, 180], [120, 200, 240], [250, 250, 255]),
        ([40, 140, 80], [190, 230, 120], [20, 60, 30]),
        ([120, 60, 160], [240, 150, 200], [255, 230, 120]),
        ([20, 20, 30], [90, 100, 120], [240, 90, 40]),
        ([240, 200, 40], [250, 250, 210], [40, 80, 160]),
        ([0, 128, 128], [160, 230, 220], [200, 40, 90]),
        ([150, 90, 50], [230, 200, 160], [60, 40, 30]),
        ([200, 30, 100], [255, 170, 190], [30, 30, 60]),
        ([60, 70, 80], [200, 210, 220], [230, 180, 30]),
        ([90, 160, 40], [240, 240, 180], [140, 40, 20]),
        ([10, 60, 110], [60, 200, 200], [255, 255, 255]),
    ];

    public static byte[] Jpeg(int index)
    {
        var (from, to, disc) = Palettes[index % Palettes.Length];
        using var xy = Image.Xyz(Size, Size);
        using var x = xy[0];
        using var y = xy[1];
        using var t = (x + y) / (2.0 * Size);
        using var background = t * Subtract(to, from) + from;
        var cx = Size * (0.35 + 0.3 * (index % 3) / 2.0);
        var cy = Size * (0.4 + 0.2 * (index % 4) / 3.0);
        using var dx = x - cx;
        using var dy = y - cy;
        using var distance = (dx * dx + dy * dy).Pow(0.5);
        using var inDisc = distance < Size * (0.18 + 0.02 * (index % 5));
        using var band = (y - 0.12 * x) > Size * (0.72 + 0.01 * index);
        using var withDisc = inDisc.Ifthenelse(disc, background);
        using var picture = band.Ifthenelse(Scale(from, 0.6), withDisc);
        using var rgb = picture.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return rgb.JpegsaveBuffer(q: 85, keep: Enums.ForeignKeep.None);
    }

    private static double[] Subtract(double[] a, double[] b) => [.. a.Zip(b, (p, q) => p - q)];

    private static double[] Scale(double[] a, double factor) => [.. a.Select(v => v * factor)];
}
