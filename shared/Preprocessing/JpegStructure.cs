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

    /// <summary>
    /// Scans accepted in one image. Encoders write 1 (baseline) or about 10 (progressive); ImageSharp 2.x decodes each
    /// scan over the whole image, so a 4-megapixel file of 505 scans held a worker for minutes.
    /// </summary>
    public const int MaxScans = 100;

    public static string? FindDefect(ReadOnlySpan<byte> data)
    {
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

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(position + 2)..]);
            position += 2 + length;
            if (length < 2 || position > data.Length)
            {
                return "the JPEG data ends inside a marker segment (truncated).";
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
