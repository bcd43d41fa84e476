using System.Security.Cryptography;

namespace FashionServerless.Shared.Registry;

/// <summary>The SHA-256 that identifies a model file in manifests and pointers: lower-case hex.</summary>
public static class ModelHash
{
    public static string Sha256(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Hashes the rest of <paramref name="content"/> from its current position.</summary>
    public static async Task<string> Sha256Async(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Whether two hex hashes name the same content (case-insensitive, as hand-edited manifests may differ in case).</summary>
    public static bool Matches(string expected, string actual) =>
        string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase);

    internal static void ValidateHex(string? sha256, string paramName)
    {
        if (sha256 is null || sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{sha256}' is not a SHA-256 in hex (64 hex digits).", paramName);
        }
    }
}
