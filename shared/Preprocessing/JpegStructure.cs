using System.Buffers.Binary;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Walks JPEG marker segments by their lengths and the entropy-coded scans up to the end-of-image marker (FFD9).
/// A thumbnail's own FFD9 inside an EXIF segment is skipped with its segment, so only the main image's end counts.
/// </summary>
internal static class JpegStructure
{
    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;
    private const byte Comment = 0xFE;

    /// <summary>
    /// Scans accepted in one image. Encoders write 1 (baseline) or about 10 (progressive); ImageSharp 2.x decodes each
    /// scan over the whole image, so a 4-megapixel file of 505 scans held a worker for minutes.
    /// </summary>
    public const int MaxScans = 100;

    /// <summary>
    /// Repeated metadata segments (the second and later APPn or COM segments of one kind: the same marker and the same
    /// first four payload bytes, such as "Exif" or "ICC_") above which decoding gets a copy
    /// without them. ImageSharp 2.x joins an EXIF, ICC or XMP block split over segments by copying everything read so
    /// far for each new segment: 20 MiB of EXIF in 320 segments cost 3-4 s of CPU and up to 1.3 GiB of memory. Cameras
    /// write a handful of segments (EXIF with its thumbnail, XMP, an ICC profile, MPF), far below this.
    /// </summary>
    public const int MaxRepeatedMetadataBytes = 256 * 1024;

    public static string? FindDefect(ReadOnlySpan<byte> data) => Walk(data, repeatedMetadata: null);

    /// <summary>
    /// A copy of a structurally sound JPEG (<see cref="FindDefect"/> returned null) without its repeated metadata
    /// segments when they exceed <see cref="MaxRepeatedMetadataBytes"/>, otherwise null (decode the original). The
    /// first segment of each kind stays, so the EXIF orientation (in the first EXIF segment) and the Adobe colour
    /// transform (APP14) still apply, and every byte the pixels come from is kept in order.
    /// </summary>
    public static byte[]? WithoutRepeatedMetadata(ReadOnlySpan<byte> data) =>
        FindDefect(data, out byte[]? trimmed) is null ? trimmed : throw new ArgumentException("The JPEG must pass FindDefect first.", nameof(data));

    /// <summary>
    /// <see cref="FindDefect(ReadOnlySpan{byte})"/> and <see cref="WithoutRepeatedMetadata"/> in one walk, so decoding
    /// reads the segments once.
    /// </summary>
    public static string? FindDefect(ReadOnlySpan<byte> data, out byte[]? withoutRepeatedMetadata)
    {
        var repeated = new List<Range>();
        string? defect = Walk(data, repeated);
        withoutRepeatedMetadata = defect is null ? Without(data, repeated) : null;
        return defect;
    }

    private static byte[]? Without(ReadOnlySpan<byte> data, List<Range> repeated)
    {
        long dropped = repeated.Sum(r => (long)(r.End.Value - r.Start.Value));
        if (dropped <= MaxRepeatedMetadataBytes)
        {
            return null;
        }

        var copy = new byte[data.Length - dropped];
        int from = 0;
        int to = 0;
        foreach (Range range in repeated)
        {
            data[from..range.Start.Value].CopyTo(copy.AsSpan(to));
            to += range.Start.Value - from;
            from = range.End.Value;
        }

        data[from..].CopyTo(copy.AsSpan(to));
        return copy;
    }

    /// <summary>Walks every segment; returns the first defect, and adds each repeated APPn or COM segment's range when asked.</summary>
    private static string? Walk(ReadOnlySpan<byte> data, List<Range>? repeatedMetadata)
    {
        var seen = repeatedMetadata is null ? null : new HashSet<(byte Marker, uint Identifier)>();
        int position = 2; // after SOI
        int scans = 0;
        while (true)
        {
            if (position + 2 > data.Length)
            {
                return "the JPEG data ends before its end-of-image marker (truncated).";
            }

            if (data[position] != 0xFF)
            {
                return $"the JPEG data has no marker where one is expected (offset {position}).";
            }

            byte marker = data[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            if (marker == EndOfImage)
            {
                return null;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                position += 2; // markers without a length
                continue;
            }

            if (position + 4 > data.Length)
            {
                return "the JPEG data ends inside a marker segment (truncated).";
            }

            int segmentStart = position;
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            position += 2 + length;
            if (length < 2 || position > data.Length)
            {
                return "the JPEG data ends inside a marker segment (truncated).";
            }

            if (seen is not null && marker is (>= 0xE1 and <= 0xEF) or Comment)
            {
                uint identifier = length >= 6 ? BinaryPrimitives.ReadUInt32BigEndian(data[(segmentStart + 4)..]) : 0;
                if (!seen.Add((marker, identifier)))
                {
                    repeatedMetadata!.Add(segmentStart..position);
                }
            }

            if (marker == StartOfScan)
            {
                if (++scans > MaxScans)
                {
                    return $"the JPEG has more than {MaxScans} scans (a progressive photo has about 10; hundreds only make decoding slow).";
                }

                position = SkipEntropyCodedData(data, position);
            }
        }
    }

    /// <summary>Returns the offset of the first marker after a scan: an FF not followed by 00 (stuffing) or a restart marker.</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int position)
    {
        while (true)
        {
            int next = data[position..].IndexOf((byte)0xFF);
            if (next < 0 || position + next + 1 >= data.Length)
            {
                return data.Length;
            }

            position += next;
            byte following = data[position + 1];
            if (following == 0x00 || following is >= 0xD0 and <= 0xD7)
            {
                position += 2;
                continue;
            }

            return position;
        }
    }
}
