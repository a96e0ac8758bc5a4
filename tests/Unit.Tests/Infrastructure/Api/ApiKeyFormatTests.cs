using System.Security.Cryptography;
using PeakShop.Infrastructure.Api;

namespace PeakShop.Unit.Tests.Infrastructure.Api;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void Create_ParsesBackToItsIdAndHash()
    {
        var (keyId, key, hash) = ApiKeyFormat.Create();

        Assert.Matches("^psk_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$", key);
        Assert.True(ApiKeyFormat.TryParse(key, out var parsedId, out var parsedHash));
        Assert.Equal(keyId, parsedId);
        Assert.True(ApiKeyFormat.Matches(hash, parsedHash));
        Assert.Equal(32, hash.Length);
    }

    [Fact]
    public void Create_NeverRepeatsAKeyOrAnId()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeyFormat.Create()).ToList();

        Assert.Equal(keys.Count, keys.Select(k => k.Key).Distinct().Count());
        Assert.Equal(keys.Count, keys.Select(k => k.KeyId).Distinct().Count());
    }

    [Fact]
    public void Hash_IsTheSha256OfTheSecretBytes_NotTheKeyText()
    {
        var (_, key, hash) = ApiKeyFormat.Create();
        var secret = System.Buffers.Text.Base64Url.DecodeFromChars(key.AsSpan(4 + ApiKeyFormat.KeyIdLength + 1));

        Assert.Equal(SHA256.HashData(secret), hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("psk_")]
    [InlineData("Bearer abc")]
    [InlineData("psk_ABCDEFGHIJKL_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // upper-case id
    [InlineData("psk_abcdefghijk1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // '1' is not base32
    [InlineData("psk_abcdefghijkl-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // no separator
    [InlineData("psk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")] // not base64url
    [InlineData("psk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // one too long
    [InlineData("xsk_abcdefghijkl_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryParse_RefusesAnythingNotShapedLikeAKey(string? presented)
    {
        Assert.False(ApiKeyFormat.TryParse(presented, out _, out _));
    }

    [Fact]
    public void Matches_ComparesWholeHashes()
    {
        var a = SHA256.HashData([1]);
        var b = (byte[])a.Clone();
        b[^1] ^= 1;

        Assert.True(ApiKeyFormat.Matches(a, (byte[])a.Clone()));
        Assert.False(ApiKeyFormat.Matches(a, b));
        Assert.False(ApiKeyFormat.Matches(a, a[..16]));
    }
}
