using System.Globalization;
using System.Text.RegularExpressions;

namespace FashionServerless.Shared.Evaluation;

/// <summary>
/// The traffic log's layout in the metrics container: <c>traffic/yyyy/MM/dd/HH/mm/&lt;writer&gt;-&lt;n&gt;.jsonl</c>, one
/// append blob per writing process per UTC minute.
/// </summary>
/// <remarks>
/// Why the metrics container and not the predictions container: every name under <c>predictions/</c> is an upload's path
/// (the record of <c>uploads/a/b.jpg</c> is <c>predictions/a/b.jpg.json</c>), so any prefix reserved there is also a
/// path users can upload to: their records would land inside the log's namespace, in its day listings and in the reach
/// of anything that cleans it up (a retention rule on the prefix would delete their records). Refusing such uploads
/// instead would turn a storage detail into a rule users must know. The metrics container is written by the pipeline
/// alone, holds the reports this log feeds, and no upload name reaches it; its other blobs are
/// <c>&lt;model version&gt;/...</c> (a version never reads <c>traffic</c>) and <c>latest.json</c>.
/// </remarks>
internal static partial class TrafficLogNames
{
    public const string Root = "traffic/";

    public static string Blob(DateTimeOffset minute, string writer, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{Root}{minute.UtcDateTime:yyyy'/'MM'/'dd'/'HH'/'mm}/{writer}-{sequence}.jsonl");

    /// <summary>The prefix of one UTC day's partitions.</summary>
    public static string Day(DateTimeOffset day) => string.Create(CultureInfo.InvariantCulture, $"{Root}{day.UtcDateTime:yyyy'/'MM'/'dd}/");

    /// <summary>The UTC minute a log blob's name places it in; false for any other blob.</summary>
    public static bool TryParse(string blobName, out DateTimeOffset minute)
    {
        Match match = LogBlob().Match(blobName);
        minute = default;
        return match.Success && DateTimeOffset.TryParseExact(match.Groups["minute"].Value, "yyyy'/'MM'/'dd'/'HH'/'mm", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out minute);
    }

    /// <summary>The start of the UTC minute <paramref name="time"/> falls in.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset time)
    {
        DateTimeOffset utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    [GeneratedRegex(@"^traffic/(?<minute>\d{4}/\d{2}/\d{2}/\d{2}/\d{2})/[0-9a-f]{32}-\d+\.jsonl$", RegexOptions.CultureInvariant)]
    private static partial Regex LogBlob();
}
