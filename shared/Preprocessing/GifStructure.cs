namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Walks GIF blocks and sub-blocks up to the trailer. Only the first frame is decoded, but a file cut anywhere
/// is rejected so that a truncated upload never passes; a missing trailer after whole blocks is tolerated,
/// as many writers omit it.
/// </summary>
internal static class GifStructure
{
    private const int HeaderAndScreenDescriptor = 13;

    public static string? FindDefect(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderAndScreenDescriptor)
        {
            return "the GIF data ends inside its header (truncated).";
        }

        int position = HeaderAndScreenDescriptor + ColourTableLength(data[10]);
        bool sawImage = false;
        while (position < data.Length)
        {
            switch (data[position])
            {
                case 0x3B: // trailer
                    return sawImage ? null : "the GIF data holds no image.";
                case 0x21: // extension: label, then sub-blocks
                    position = SkipSubBlocks(data, position + 2);
                    break;
                case 0x2C: // image descriptor (10 bytes), local colour table, LZW code size, sub-blocks
                    if (position + 10 > data.Length)
                    {
                        return "the GIF data ends inside an image descriptor (truncated).";
                    }

                    position = SkipSubBlocks(data, position + 10 + ColourTableLength(data[position + 9]) + 1);
                    sawImage = true;
                    break;
                default:
                    return $"the GIF data has an unknown block 0x{data[position]:X2} at offset {position}.";
            }

            if (position < 0)
            {
                return "the GIF data ends inside a data block (truncated).";
            }
        }

        return sawImage && position == data.Length ? null : "the GIF data ends before its first image (truncated).";
    }

    private static int ColourTableLength(byte packedFields) =>
        (packedFields & 0x80) == 0 ? 0 : 3 * (1 << ((packedFields & 0x07) + 1));

    /// <summary>Returns the offset after the terminating empty sub-block, or -1 when the data ends first.</summary>
    private static int SkipSubBlocks(ReadOnlySpan<byte> data, int position)
    {
        while (position < data.Length)
        {
            int size = data[position];
            position += 1 + size;
            if (size == 0)
            {
                return position;
            }
        }

        return -1;
    }
}
