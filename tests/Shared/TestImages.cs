using System.Text;
using NetVips;

namespace PeakShop.Testing;

/// <summary>Test inputs made on the fly with libvips (no binaries in the repository), and the bad inputs made from them.</summary>
internal static class TestImages
{
    /// <summary>
    /// A gradient image in the given format (jpg, png, gif, webp), optionally with an alpha channel; <c>unique</c> paints
    /// a random corner, so the bytes (and their hash) are new to the media store on every run.
    /// </summary>
    public static byte[] Make(string format, int width = 640, int height = 480, bool alpha = false, bool unique = false)
    {
        using var xy = Image.Xyz(width, height);
        using var r = xy[0] * (255.0 / width);
        using var g = xy[1] * (255.0 / height);
        using var b = (xy[0] + xy[1]) * (127.0 / (width + height));
        using var joined = alpha ? r.Bandjoin(g, b, g) : r.Bandjoin(g, b);
        using var image = joined.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        if (!unique)
        {
            return Save(image, format);
        }
        var salt = Guid.NewGuid().ToByteArray();
        using var salted = image.Mutate(m => m.DrawRect(alpha ? [salt[0], salt[1], salt[2], 255] : [salt[0], salt[1], salt[2]], 0, 0, 24, 24, fill: true));
        return Save(salted, format);
    }

    /// <summary>A JPEG with EXIF orientation 6 (stored landscape, shown rotated 90° clockwise) and a camera make and GPS tag.</summary>
    public static byte[] JpegWithExif(int storedWidth, int storedHeight, bool unique = false)
    {
        using var plain = Image.NewFromBuffer(Make("jpg", storedWidth, storedHeight, unique: unique));
        using var tagged = plain.Mutate(m =>
        {
            m.Set(GValue.GIntType, "orientation", 6);
            m.Set(GValue.GStrType, "exif-ifd0-Make", "PeakCam");
            m.Set(GValue.GStrType, "exif-ifd0-Model", "Summit 9000");
            m.Set(GValue.GStrType, "exif-ifd3-GPSLatitudeRef", "N");
        });
        return tagged.JpegsaveBuffer(q: 90);
    }

    public static byte[] Save(Image image, string format) => format switch
    {
        "jpg" => image.JpegsaveBuffer(q: 85),
        "png" => image.PngsaveBuffer(),
        "gif" => image.GifsaveBuffer(),
        "webp" => image.WebpsaveBuffer(q: 80),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>A Windows executable's first bytes, as a renamed .exe would start.</summary>
    public static byte[] Executable() => [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. new byte[200]];

    public static byte[] Elf() => [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, .. new byte[200]];

    public static byte[] Svg() => Encoding.UTF8.GetBytes("""<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>""");

    public static byte[] Html() => Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

    public static byte[] Pdf(bool unique = false) => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n" + (unique ? $"% {Guid.NewGuid()}\n" : "") + "1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>The first part of a file, as an interrupted upload leaves it.</summary>
    public static byte[] Truncated(byte[] content, double keep = 0.6) => content[..(int)(content.Length * keep)];

    /// <summary>A small, valid-looking PNG whose header declares <paramref name="width"/>×<paramref name="height"/>: a decompression bomb.</summary>
    public static byte[] PngBomb(int width = 60_000, int height = 60_000)
    {
        var png = Make("png", 16, 16);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), (uint)width);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), (uint)height);
        // Keep the chunk's CRC right, so only the size gives it away.
        var crc = System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(12, 17));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), crc);
        return png;
    }

    /// <summary>A JPEG whose frame header declares 60000×60000.</summary>
    public static byte[] JpegBomb()
    {
        var jpeg = Make("jpg", 16, 16);
        for (var i = 2; i < jpeg.Length - 9; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), 60_000);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), 60_000);
                return jpeg;
            }
        }
        throw new InvalidOperationException("no SOF marker");
    }
}
