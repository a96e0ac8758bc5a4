using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace PeakShop.Infrastructure.Validation;

/// <summary>
/// What text the shop accepts from outside, in any field: well-formed Unicode with no control characters other than
/// tab and line breaks. PostgreSQL refuses NUL in text; U+FFFD and lone surrogates are what invalid UTF-8 decodes to.
/// Right-to-left marks and zero-width characters are valid text and are kept (they are encoded on output like anything else).
/// </summary>
public static class ShopText
{
    public const string InvalidMessage = "This field contains characters we cannot accept (control characters or invalid text). Remove them and try again.";

    /// <summary>True when the text holds nothing but acceptable characters.</summary>
    public static bool IsClean(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return false;
            }
            if (!IsAllowed(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True for null or clean text.</summary>
    public static bool IsClean(string? text) => text is null || IsClean(text.AsSpan());

    /// <summary>
    /// Whether a raw (still percent-encoded) URL part decodes to clean UTF-8 text: every <c>%XX</c> escape and raw
    /// character is taken as bytes, which must be valid UTF-8 (ASP.NET Core would otherwise keep <c>%FF</c> as text or
    /// turn it into U+FFFD), and the decoded text must be <see cref="IsClean(ReadOnlySpan{char})"/>.
    /// </summary>
    public static bool IsCleanPercentEncoded(ReadOnlySpan<char> raw)
    {
        if (raw.IsEmpty)
        {
            return true;
        }
        // Characters as UTF-8 (a lone surrogate becomes U+FFFD and is refused below); escapes stay for the byte pass.
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(raw.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(raw, rented);
            return IsCleanPercentEncoded(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The same for raw bytes as they came over the wire (a URL-encoded form body): escapes decoded, raw bytes kept,
    /// the result valid UTF-8 and clean.
    /// </summary>
    public static bool IsCleanPercentEncoded(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty)
        {
            return true;
        }
        var rented = ArrayPool<byte>.Shared.Rent(raw.Length);
        try
        {
            var length = 0;
            for (var i = 0; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
                {
                    rented[length++] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                    i += 2;
                }
                else
                {
                    rented[length++] = b;
                }
            }
            var bytes = rented.AsSpan(0, length);
            if (!Utf8.IsValid(bytes))
            {
                return false;
            }
            var chars = ArrayPool<char>.Shared.Rent(length);
            try
            {
                var count = Encoding.UTF8.GetChars(bytes, chars);
                return IsClean(chars.AsSpan(0, count));
            }
            finally
            {
                ArrayPool<char>.Shared.Return(chars);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsAllowed(char c) => c switch
    {
        '\t' or '\n' or '\r' => true,
        < ' ' => false,
        >= '\u007f' and <= '\u009f' => false,
        '\uFFFD' or '\uFFFE' or '\uFFFF' => false,
        _ => !char.IsLowSurrogate(c),
    };

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}

/// <summary>Input the shop refuses as a whole (a 400 at the HTTP edge, a validation message in a form).</summary>
public sealed class InputRejectedException(string message) : Exception(message);
