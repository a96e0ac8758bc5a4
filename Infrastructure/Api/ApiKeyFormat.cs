using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace PeakShop.Infrastructure.Api;

/// <summary>
/// <c>psk_&lt;keyId&gt;_&lt;secret&gt;</c>: a 12-character base32 key id (public, looked up) and a 256-bit secret from the
/// system RNG as base64url (43 characters). The <c>psk_</c> prefix lets secret scanners recognise a leaked key.
/// Framework primitives only: <see cref="RandomNumberGenerator"/>, <see cref="SHA256"/>, <see cref="CryptographicOperations.FixedTimeEquals"/>.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "psk_";
    public const int KeyIdLength = 12;
    public const int SecretBytes = 32;
    private const int SecretLength = 43;
    public const int Length = 4 + KeyIdLength + 1 + SecretLength;

    // RFC 4648 base32 in lower case: no characters that look alike to a person reading the admin list aloud.
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new key: its id, the full key to hand over once, and the hash to store.</summary>
    public static (string KeyId, string Key, byte[] SecretHash) Create()
    {
        var id = string.Create(KeyIdLength, 0, static (chars, _) =>
        {
            Span<byte> random = stackalloc byte[KeyIdLength];
            RandomNumberGenerator.Fill(random);
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Base32[random[i] & 31];
            }
        });
        Span<byte> secret = stackalloc byte[SecretBytes];
        RandomNumberGenerator.Fill(secret);
        var key = Prefix + id + "_" + Base64Url.EncodeToString(secret);
        return (id, key, SHA256.HashData(secret));
    }

    /// <summary>Splits a presented key; false for anything that is not shaped like one (never looked up).</summary>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? keyId, [NotNullWhen(true)] out byte[]? secretHash)
    {
        keyId = null;
        secretHash = null;
        if (key is not { Length: Length } || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[Prefix.Length + KeyIdLength] != '_')
        {
            return false;
        }
        var id = key.AsSpan(Prefix.Length, KeyIdLength);
        foreach (var c in id)
        {
            if (!Base32.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }
        Span<byte> secret = stackalloc byte[SecretBytes + 2];
        if (Base64Url.DecodeFromChars(key.AsSpan(Prefix.Length + KeyIdLength + 1), secret, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != SecretBytes)
        {
            return false;
        }
        keyId = id.ToString();
        secretHash = SHA256.HashData(secret[..SecretBytes]);
        return true;
    }

    /// <summary>Constant-time comparison of the stored and the presented hash.</summary>
    public static bool Matches(byte[] stored, byte[] presented) => CryptographicOperations.FixedTimeEquals(stored, presented);
}
