using System.Text.RegularExpressions;

namespace FashionServerless.Testing.Security;

/// <summary>
/// Finds what looks like a credential in text: a storage account key (alone or in a connection string), a shared access
/// signature, a private key, a cloud or code-host token. Azurite's published development key is public (Microsoft
/// documents it) and is reported as such, so callers can allow it where local and test configuration needs it.
/// </summary>
public static partial class SecretScanner
{
    /// <summary>The account key of Azurite's well-known development account <c>devstoreaccount1</c>, published by Microsoft.</summary>
    public const string AzuriteDevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Every match in <paramref name="text"/>: what kind of secret, and the matched text.</summary>
    public static IEnumerable<(string Kind, string Match)> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (Match match in AccountKey().Matches(text))
        {
            yield return ("storage account key", match.Value);
        }

        foreach (Match match in ConnectionStringKey().Matches(text))
        {
            yield return ("connection string with a key", match.Value);
        }

        foreach (Match match in SasSignature().Matches(text))
        {
            yield return ("SAS token", match.Value);
        }

        foreach (Match match in PrivateKey().Matches(text))
        {
            yield return ("private key", match.Value);
        }

        foreach (Match match in Token().Matches(text))
        {
            yield return ("access token", match.Value);
        }
    }

    /// <summary>Whether a match is Azurite's published development key (or a connection string carrying only it).</summary>
    public static bool IsAzuriteDevelopmentKey(string match) => match.Contains(AzuriteDevelopmentKey, StringComparison.Ordinal);

    // A storage key is 64 random bytes: 86 base64 characters and "==". Integrity hashes (sha512-...) have the same
    // shape and are not secrets.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/=-])(?<!sha512-)[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])")]
    private static partial Regex AccountKey();

    [GeneratedRegex(@"(AccountKey|SharedAccessKey|SharedAccessSignature)\s*=\s*[A-Za-z0-9+/%=&:.-]{16,}", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringKey();

    // A SAS carries its signature as sig=<base64, URL-escaped>, next to sv= and se= or sp=.
    [GeneratedRegex(@"[?&]sig=[A-Za-z0-9%+/=]{20,}", RegexOptions.IgnoreCase)]
    private static partial Regex SasSignature();

    [GeneratedRegex(@"-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"\b(AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{36}|xox[baprs]-[A-Za-z0-9-]{10,})\b")]
    private static partial Regex Token();
}
