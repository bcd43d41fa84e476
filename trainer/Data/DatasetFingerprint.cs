using System.Security.Cryptography;
using System.Text;

namespace FashionServerless.Trainer.Data;

/// <summary>Identifies a data set by content: the same files under the same names give the same fingerprint, in any listing order.</summary>
internal static class DatasetFingerprint
{
    public static string Compute(IEnumerable<(string ClassFolder, string FileName, string ContentSha256)> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string classFolder, string fileName, string contentSha256) in images
                     .OrderBy(i => i.ClassFolder, StringComparer.Ordinal).ThenBy(i => i.FileName, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{classFolder}\t{fileName}\t{contentSha256}\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
