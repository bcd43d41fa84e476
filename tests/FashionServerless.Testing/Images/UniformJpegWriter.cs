namespace FashionServerless.Testing.Images;

/// <summary>
/// Writes a baseline JPEG of one uniform colour with any number of components. ImageSharp 2.x cannot encode CMYK
/// (it silently writes YCbCr), so the CMYK test image is built here: for a uniform block only the DC coefficient
/// is non-zero, which keeps the encoder to a few lines. Quantisation is all ones, so the decoded values are exact.
/// </summary>
internal static class UniformJpegWriter
{
    public static byte[] Write(int width, int height, ReadOnlySpan<byte> componentValues, bool adobeCmyk)
    {
        var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        if (adobeCmyk)
        {
            // Adobe APP14, transform 0: components are stored as-is (CMYK, no YCCK conversion).
            output.Write([0xFF, 0xEE, 0x00, 0x0E, (byte)'A', (byte)'d', (byte)'o', (byte)'b', (byte)'e', 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00]);
        }

        output.Write([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        for (int i = 0; i < 64; i++)
        {
            output.WriteByte(1);
        }

        int components = componentValues.Length;
        output.Write([0xFF, 0xC0, 0x00, (byte)(8 + (3 * components)), 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, (byte)components]);
        for (int c = 0; c < components; c++)
        {
            output.Write([(byte)(c + 1), 0x11, 0x00]);
        }

        // DC table: the 12 magnitude categories, all 4-bit codes. AC table: only end-of-block, code "0".
        output.Write([0xFF, 0xC4, 0x00, 0x1F, 0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        output.Write([0xFF, 0xC4, 0x00, 0x14, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]);
        output.Write([0xFF, 0xDA, 0x00, (byte)(6 + (2 * components)), (byte)components]);
        for (int c = 0; c < components; c++)
        {
            output.Write([(byte)(c + 1), 0x00]);
        }

        output.Write([0x00, 0x3F, 0x00]);
        var bits = new JpegBitWriter(output);
        int blocks = ((width + 7) / 8) * ((height + 7) / 8);
        for (int block = 0; block < blocks; block++)
        {
            for (int c = 0; c < components; c++)
            {
                // The DC of a uniform 8x8 block is 8 x (value - 128); later blocks repeat it, so their difference is 0.
                int difference = block == 0 ? 8 * (componentValues[c] - 128) : 0;
                int category = difference == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(difference));
                bits.Write(category, 4);
                if (category > 0)
                {
                    bits.Write(difference > 0 ? difference : difference + (1 << category) - 1, category);
                }

                bits.Write(0, 1); // end of block
            }
        }

        bits.Flush();
        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }
}
