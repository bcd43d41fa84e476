using System.Buffers.Binary;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>Checks that a BMP holds all the pixel rows its header declares.</summary>
internal static class BmpStructure
{
    private const int FileHeaderLength = 14;
    private const uint Uncompressed = 0;
    private const uint BitFields = 3;

    public static string? FindDefect(ReadOnlySpan<byte> data)
    {
        if (data.Length < FileHeaderLength + 16)
        {
            return "the BMP data ends inside its header (truncated).";
        }

        uint declaredFileSize = BinaryPrimitives.ReadUInt32LittleEndian(data[2..]);
        uint pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        uint infoHeaderSize = BinaryPrimitives.ReadUInt32LittleEndian(data[FileHeaderLength..]);
        long required;
        if (infoHeaderSize >= 40 && data.Length >= FileHeaderLength + 40)
        {
            long width = BinaryPrimitives.ReadInt32LittleEndian(data[(FileHeaderLength + 4)..]);
            long height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[(FileHeaderLength + 8)..]));
            int bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[(FileHeaderLength + 14)..]);
            uint compression = BinaryPrimitives.ReadUInt32LittleEndian(data[(FileHeaderLength + 16)..]);
            required = compression is Uncompressed or BitFields
                ? pixelOffset + ((((bitsPerPixel * width) + 31) / 32) * 4 * height)
                : declaredFileSize; // run-length data has no fixed size; trust the file header
        }
        else
        {
            required = declaredFileSize;
        }

        return required > data.Length
            ? $"the BMP data is {data.Length} bytes but its header needs {required} (truncated)."
            : null;
    }
}
