using System.Buffers.Binary;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>Checks that a WebP holds the whole RIFF container its header declares.</summary>
internal static class WebpStructure
{
    private const int RiffHeaderLength = 8;

    public static string? FindDefect(ReadOnlySpan<byte> data)
    {
        if (data.Length < RiffHeaderLength + 4)
        {
            return "the WebP data ends inside its header (truncated).";
        }

        long required = RiffHeaderLength + (long)BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        return required > data.Length
            ? $"the WebP data is {data.Length} bytes but its RIFF header declares {required} (truncated)."
            : null;
    }
}
