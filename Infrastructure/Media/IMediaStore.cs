namespace PeakShop.Infrastructure.Media;

/// <summary>
/// Where media bytes live, addressed by the SHA-256 of their content (lowercase hex). Writing the same bytes
/// twice stores them once. PostgreSQL by default (<c>media_blobs</c>, read from the standby); an object store
/// such as S3 fits the same shape (ADR 12).
/// </summary>
public interface IMediaStore
{
    /// <summary>Stores the bytes (idempotent) and returns their hash.</summary>
    Task<string> PutAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The bytes under a hash, or null when there are none.</summary>
    Task<byte[]?> GetAsync(string hash, CancellationToken cancellationToken);

    /// <summary>Removes the bytes under a hash; absent bytes are not an error.</summary>
    Task DeleteAsync(string hash, CancellationToken cancellationToken);
}
