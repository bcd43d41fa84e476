using System.Buffers.Binary;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>Walks PNG chunks by their lengths: every chunk must be whole and the image must end with IEND.</summary>
internal static class PngStructure
{
    private const int SignatureLength = 8;
    private const int ChunkOverhead = 12; // length, type, CRC

    public static string? FindDefect(ReadOnlySpan<byte> data)
    {
        int position = SignatureLength;
        while (position + ChunkOverhead <= data.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
            ReadOnlySpan<byte> type = data.Slice(position + 4, 4);
            if (length > int.MaxValue || length > (uint)(data.Length - position - ChunkOverhead))
            {
                return $"the PNG data ends inside its {System.Text.Encoding.ASCII.GetString(type)} chunk (truncated).";
            }

            if (type.SequenceEqual("IEND"u8))
            {
                return null;
            }

            position += ChunkOverhead + (int)length;
        }

        return "the PNG data ends before its IEND chunk (truncated).";
    }
}
