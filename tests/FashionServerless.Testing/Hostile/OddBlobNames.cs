namespace FashionServerless.Testing.Hostile;

/// <summary>
/// Upload names a storage path, a URL or a log line can mangle: spaces, non-ASCII letters and emoji, percent signs that
/// look like escapes, fragment marks, <c>.</c> and <c>..</c> segments, and the longest name whose record still fits in
/// a blob name (1,024 characters, so the upload may have 1,024 less ".json").
/// </summary>
public static class OddBlobNames
{
    /// <summary>Blob names are at most 1,024 characters; a record adds ".json".</summary>
    public const int LongestUploadName = 1024 - 5;

    /// <summary>
    /// The names as storage keeps them: it reads a backslash as '/' and resolves '.' and '..' segments as a URL path does (so
    /// "a/../../b.jpg" under a prefix climbs out of it), before any trigger or backfill sees the upload.
    /// </summary>
    public static IEnumerable<string> AsStored(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (string name in names)
        {
            var segments = new List<string>();
            foreach (string segment in name.Replace('\\', '/').Split('/'))
            {
                if (segment == "..")
                {
                    if (segments.Count > 0)
                    {
                        segments.RemoveAt(segments.Count - 1);
                    }
                }
                else if (segment != ".")
                {
                    segments.Add(segment);
                }
            }

            yield return string.Join('/', segments);
        }
    }

    /// <summary>The names, each under <paramref name="prefix"/> (which ends in '/').</summary>
    public static IReadOnlyList<string> Under(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        string longest = prefix + "long/";
        longest += new string('x', LongestUploadName - longest.Length - 4) + ".jpg";
        return
        [
            prefix + "with spaces/summer dress 1.jpg",
            prefix + "unicode/Ünïcødé/シャツ-👗-ложка.jpg",
            prefix + "percent/100% cotton %2F %41 %.jpg",
            prefix + "hash/#1 dress#fragment?query=1&x.jpg",
            prefix + "dots/a/../b.jpg",
            prefix + "dots/./c.jpg",
            prefix + "dots/../../escape.jpg",
            prefix + "dots/trailing..jpg",
            prefix + "plus+and=equals;semi,comma'quote\"dq.jpg",
            prefix + "back\\slash.jpg",
            longest,
        ];
    }
}
