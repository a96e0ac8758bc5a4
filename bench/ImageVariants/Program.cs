using System.Diagnostics;
using System.Globalization;
using NetVips;
using PeakShop.Infrastructure.Media;
using SkiaSharp;

// Every variant of a 12-megapixel JPEG (4000×3000: widths 320, 640, 1280, 1920, each WebP + JPEG), timed with
// libvips (MediaImages.RenderVariants, the app's own code) and with SkiaSharp doing the same work. Each library
// runs in its own child process, so its peak resident memory (VmHWM) is its own.
//   dotnet run -c Release -- [--runs N]
if (args is ["child", var childLibrary, var path, var runsText])
{
    return Child(childLibrary, path, int.Parse(runsText, CultureInfo.InvariantCulture));
}
var runs = args is ["--runs", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 7;
var input = Path.Combine(Path.GetTempPath(), "peakshop-bench-12mp.jpg");
File.WriteAllBytes(input, TwelveMegapixelJpeg());
Console.WriteLine($"input: 4000×3000 JPEG, {new FileInfo(input).Length / 1024} KB; {runs} runs per library (after one warm-up), {Environment.ProcessorCount} CPUs");
Console.WriteLine();
Console.WriteLine("| library | median wall time, all 8 variants | min | max | peak RSS (VmHWM) | bytes out (all variants) |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var library in new[] { "libvips", "skia" })
{
    // Through the apphost, or through "dotnet ImageVariants.dll" when started that way.
    var self = Environment.ProcessPath!;
    string[] entry = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [System.Reflection.Assembly.GetEntryAssembly()!.Location] : [];
    var child = Process.Start(new ProcessStartInfo(self, [.. entry, "child", library, input, runs.ToString(CultureInfo.InvariantCulture)])
    {
        RedirectStandardOutput = true,
    })!;
    Console.WriteLine(child.StandardOutput.ReadToEnd().Trim());
    child.WaitForExit();
}
File.Delete(input);
return 0;

static int Child(string library, string path, int runs)
{
    var original = File.ReadAllBytes(path);
    Func<byte[], long> render = library == "libvips" ? Vips : Skia;
    render(original); // warm-up: native libraries loaded, caches primed
    var times = new List<double>();
    long bytes = 0;
    for (var i = 0; i < runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        bytes = render(original);
        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
    times.Sort();
    var hwm = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)).Split(':')[1].Trim();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {library} | {times[times.Count / 2]:0} ms | {times[0]:0} ms | {times[^1]:0} ms | {hwm} | {bytes / 1024} KB |"));
    return 0;
}

static long Vips(byte[] original) => MediaImages.RenderVariants(original, 4000).Sum(v => (long)v.Content.Length);

// The same work with Skia: decode at the largest JPEG scale (1/2, 1/4, 1/8) that still covers the width, resize
// with a Mitchell cubic, encode WebP q80 and JPEG q82 (Skia writes no metadata).
static long Skia(byte[] original)
{
    long total = 0;
    using var data = SKData.CreateCopy(original);
    foreach (var width in MediaImages.WidthsFor(4000))
    {
        using var codec = SKCodec.Create(data);
        var scale = 1f;
        foreach (var candidate in new[] { 0.125f, 0.25f, 0.5f })
        {
            if (codec.GetScaledDimensions(candidate).Width >= width)
            {
                scale = candidate;
                break;
            }
        }
        var scaled = codec.GetScaledDimensions(scale);
        using var decoded = new SKBitmap(new SKImageInfo(scaled.Width, scaled.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        codec.GetPixels(decoded.Info, decoded.GetPixels());
        var height = (int)Math.Round((double)scaled.Height * width / scaled.Width);
        using var resized = decoded.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var pixmap = resized.PeekPixels();
        using var webp = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, 80));
        using var jpeg = pixmap.Encode(new SKJpegEncoderOptions(82, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        total += (webp?.Size ?? 0) + (jpeg?.Size ?? 0);
    }
    return total;
}

// A photo-like 4000×3000 JPEG: gradients plus noise, so the encoders have real detail to work on.
static byte[] TwelveMegapixelJpeg()
{
    using var xy = Image.Xyz(4000, 3000);
    using var noise = Image.Gaussnoise(4000, 3000, sigma: 25);
    using var r = xy[0] * (200.0 / 4000) + noise;
    using var g = xy[1] * (200.0 / 3000) + noise * 0.5;
    using var b = (xy[0] + xy[1]) * (150.0 / 7000) + 40;
    using var rgb = r.Bandjoin(g, b).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    return rgb.JpegsaveBuffer(q: 90);
}
