using System.Buffers;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>Reads a stream into a pooled buffer, stopping one byte past the limit so a huge upload is never buffered.</summary>
internal static class BoundedStreamReader
{
    private const int InitialBufferLength = 64 * 1024;

    /// <summary>Returns a rented buffer (return it to <see cref="ArrayPool{T}.Shared"/>) and the number of bytes read.</summary>
    /// <exception cref="ImageRejectedException">The stream holds more than <paramref name="maxBytes"/> bytes.</exception>
    public static async Task<(byte[] Buffer, int Length)> ReadAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long cap = Math.Min(maxBytes + 1, Array.MaxLength);
        long initial = InitialBufferLength;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > maxBytes)
            {
                throw TooLarge(maxBytes, $"{remaining} bytes");
            }

            initial = remaining + 1; // +1 lets the loop see the end without growing
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(initial, cap));
        int length = 0;
        try
        {
            while (true)
            {
                // Reads never go past cap, and reaching cap means length > maxBytes, which throws below;
                // so a full buffer here is always below cap and can grow.
                int usable = (int)Math.Min(buffer.Length, cap);
                if (length == usable)
                {
                    if (usable >= cap)
                    {
                        throw TooLarge(maxBytes, "more than an array can hold");
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    usable = (int)Math.Min(buffer.Length, cap);
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length, usable - length), cancellationToken);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes, "more");
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static ImageRejectedException TooLarge(long maxBytes, string actual) =>
        new(ImageRejectionReason.TooLarge, $"The image is larger than the limit of {maxBytes} bytes ({actual}).");
}
