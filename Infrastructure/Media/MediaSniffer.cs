using System.Buffers.Binary;
using System.Globalization;

namespace PeakShop.Infrastructure.Media;

/// <summary>What an upload turned out to be, from its bytes alone.</summary>
public sealed record MediaType(MediaKind Kind, string ContentType, string Extension, int Width, int Height);

/// <summary>An accepted upload's type, or why it was refused (<see cref="TooLarge"/>: the size limit, answered 413).</summary>
public sealed record MediaInspection(MediaType? Type, string? Refusal, bool TooLarge = false)
{
    public static MediaInspection Refuse(string message, bool tooLarge = false) => new(null, message, tooLarge);
}

/// <summary>
/// Decides an upload's type by its magic bytes (never its name or declared type), reads image dimensions from the
/// header without decoding pixels (so a decompression bomb is refused before any decoder sees it), and checks the
/// file's structure end to end cheaply (a truncated JPEG has no EOI, a truncated PNG no IEND, …).
/// </summary>
public static class MediaSniffer
{
    public static MediaInspection Inspect(ReadOnlySpan<byte> data, MediaOptions options)
    {
        if (data.Length == 0)
        {
            return MediaInspection.Refuse("The file is empty (0 bytes).");
        }
        if (data.Length > options.MaxBytes)
        {
            return MediaInspection.Refuse(
                string.Create(CultureInfo.InvariantCulture, $"The file is {Megabytes(data.Length)}; the limit is {Megabytes(options.MaxBytes)}."), tooLarge: true);
        }
        if (data.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Image(Jpeg(data), "image/jpeg", "jpg", "JPEG", options);
        }
        if (data.StartsWith(PngSignature))
        {
            return Image(Png(data), "image/png", "png", "PNG", options);
        }
        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return Image(Gif(data), "image/gif", "gif", "GIF", options);
        }
        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return Image(WebP(data), "image/webp", "webp", "WebP", options);
        }
        if (data.StartsWith("%PDF-"u8))
        {
            return Pdf(data);
        }
        return MediaInspection.Refuse(Unknown(data));
    }

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Header dimensions, or a refusal message.</summary>
    private readonly record struct Header(int Width, int Height, string? Problem)
    {
        public static Header Bad(string problem) => new(0, 0, problem);
    }

    private static MediaInspection Image(Header header, string contentType, string extension, string name, MediaOptions options)
    {
        if (header.Problem is { } problem)
        {
            return MediaInspection.Refuse($"The {name} file is damaged or incomplete: {problem}.");
        }
        if (header.Width <= 0 || header.Height <= 0)
        {
            return MediaInspection.Refuse($"The {name} image declares no size ({header.Width}×{header.Height}).");
        }
        var pixels = (long)header.Width * header.Height;
        if (pixels > options.MaxPixels)
        {
            return MediaInspection.Refuse(string.Create(CultureInfo.InvariantCulture,
                $"The image is {header.Width}×{header.Height} ({pixels / 1_000_000.0:0.#} megapixels); the limit is {options.MaxPixels / 1_000_000.0:0.#} megapixels."));
        }
        return new MediaInspection(new MediaType(MediaKind.Image, contentType, extension, header.Width, header.Height), null);
    }

    private static Header Jpeg(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[^2] != 0xFF || data[^1] != 0xD9)
        {
            return Header.Bad("it does not end with an end-of-image marker (truncated?)");
        }
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return Header.Bad("a segment marker is missing");
            }
            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2;
                continue;
            }
            if (marker is 0xD9 or 0xDA)
            {
                return Header.Bad("no frame header before the image data");
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2 || i + 2 + length > data.Length)
            {
                return Header.Bad("a segment runs past the end of the file");
            }
            // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7)
                {
                    return Header.Bad("the frame header is too short");
                }
                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                return new Header(width, height, null);
            }
            i += 2 + length;
        }
        return Header.Bad("no frame header");
    }

    private static Header Png(ReadOnlySpan<byte> data)
    {
        if (data.Length < 8 + 25 + 12 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            return Header.Bad("the header chunk (IHDR) is missing");
        }
        if (!data[^8..^4].SequenceEqual("IEND"u8))
        {
            return Header.Bad("it does not end with an IEND chunk (truncated?)");
        }
        var width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        var height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);
        return width > int.MaxValue || height > int.MaxValue
            ? Header.Bad("the declared size is out of range")
            : new Header((int)width, (int)height, null);
    }

    private static Header Gif(ReadOnlySpan<byte> data)
    {
        if (data.Length < 14)
        {
            return Header.Bad("the header is too short");
        }
        if (data[^1] != 0x3B)
        {
            return Header.Bad("it does not end with a trailer byte (truncated?)");
        }
        return new Header(BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]), null);
    }

    private static Header WebP(ReadOnlySpan<byte> data)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffSize + 8L != data.Length)
        {
            return Header.Bad(string.Create(CultureInfo.InvariantCulture, $"its RIFF header declares {riffSize + 8L} bytes but the file has {data.Length} (truncated?)"));
        }
        if (data.Length < 30)
        {
            return Header.Bad("the first chunk is too short");
        }
        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
        {
            // Key frame: 3-byte tag, start code 9D 01 2A, then 14-bit width and height.
            if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A)
            {
                return Header.Bad("the VP8 start code is missing");
            }
            return new Header(BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF, null);
        }
        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (data[20] != 0x2F)
            {
                return Header.Bad("the VP8L signature is missing");
            }
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return new Header((int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1, null);
        }
        if (chunk.SequenceEqual("VP8X"u8))
        {
            var width = 1 + (data[24] | data[25] << 8 | data[26] << 16);
            var height = 1 + (data[27] | data[28] << 8 | data[29] << 16);
            return new Header(width, height, null);
        }
        return Header.Bad("the first chunk is not VP8, VP8L or VP8X");
    }

    private static MediaInspection Pdf(ReadOnlySpan<byte> data)
    {
        // The trailer sits near the end; allow trailing whitespace or junk up to 1 KB after it.
        var tail = data[Math.Max(0, data.Length - 1024)..];
        return tail.IndexOf("%%EOF"u8) < 0
            ? MediaInspection.Refuse("The PDF file is damaged or incomplete: it has no %%EOF trailer (truncated?).")
            : new MediaInspection(new MediaType(MediaKind.Document, "application/pdf", "pdf", 0, 0), null);
    }

    private static string Unknown(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("MZ"u8))
        {
            return "The file is a Windows executable, whatever its name says. Upload JPEG, PNG, GIF or WebP images, or PDF documents.";
        }
        if (data.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]))
        {
            return "The file is a Linux executable, whatever its name says. Upload JPEG, PNG, GIF or WebP images, or PDF documents.";
        }
        var head = System.Text.Encoding.UTF8.GetString(data[..Math.Min(data.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (head.Contains("<svg", StringComparison.OrdinalIgnoreCase))
        {
            return "SVG images are not accepted: they can carry scripts. Export the image as PNG or WebP.";
        }
        if (head.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
        {
            return "XML files are not accepted. Upload JPEG, PNG, GIF or WebP images, or PDF documents.";
        }
        if (head.StartsWith('<'))
        {
            return "HTML files are not accepted. Upload JPEG, PNG, GIF or WebP images, or PDF documents.";
        }
        return "The file type is not recognised from its content. Upload JPEG, PNG, GIF or WebP images, or PDF documents.";
    }

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB");
}
