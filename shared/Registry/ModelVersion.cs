using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace FashionServerless.Shared.Registry;

/// <summary>
/// Model version ids: a sortable UTC timestamp and eight hex digits, e.g. <c>20261128T120000Z-3f2a9c1d</c>.
/// Ordinal order of ids is creation order, and the strict shape keeps ids safe as blob path segments.
/// </summary>
public static partial class ModelVersion
{
    private const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>A new id for a model created at <paramref name="createdAt"/>, with a random suffix.</summary>
    public static string NewId(DateTimeOffset createdAt) =>
        Format(createdAt, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

    /// <summary>
    /// A reproducible id for a model created at <paramref name="createdAt"/>: the suffix is the first eight hex digits
    /// of the model's SHA-256, so the same model at the same second gets the same id (and the registry refuses it twice).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="sha256"/> is not a lower-case hex SHA-256.</exception>
    public static string FromHash(DateTimeOffset createdAt, string sha256)
    {
        ModelHash.ValidateHex(sha256, nameof(sha256));
        return Format(createdAt, sha256[..8]);
    }

    /// <summary>Whether <paramref name="version"/> has the shape of a version id.</summary>
    public static bool IsValid(string? version) => version is not null && Pattern().IsMatch(version);

    /// <exception cref="ArgumentException"><paramref name="version"/> is not a version id.</exception>
    public static void Validate(string? version, string paramName)
    {
        if (!IsValid(version))
        {
            throw new ArgumentException(
                $"'{version}' is not a model version id: expected a UTC timestamp and 8 hex digits, e.g. 20261128T120000Z-3f2a9c1d.",
                paramName);
        }
    }

    /// <summary>The UTC creation time encoded in a version id.</summary>
    /// <exception cref="ArgumentException"><paramref name="version"/> is not a version id.</exception>
    public static DateTimeOffset GetTimestamp(string version)
    {
        Validate(version, nameof(version));
        return DateTimeOffset.ParseExact(
            version.AsSpan(0, 16), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static string Format(DateTimeOffset createdAt, string suffix) =>
        createdAt.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "-" + suffix;

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
