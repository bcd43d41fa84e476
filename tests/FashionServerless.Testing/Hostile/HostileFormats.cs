using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

using FashionServerless.Testing.Images;

namespace FashionServerless.Testing.Hostile;

/// <summary>
/// Byte-level builders for files no image library would write: headers that lie about their size, metadata that
/// inflates without end, progressions with hundreds of scans. Each is a few lines of a format's own structure
/// (PNG chunks, JPEG segments, GIF blocks, RIFF, BMP headers), so every hostile case is generated, never downloaded.
/// </summary>
internal static class HostileFormats
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A PNG from its chunks: signature, IHDR, the given chunks in order, IEND.</summary>
    /// <param name="colourType">0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.</param>
    public static byte[] Png(int width, int height, int bitDepth, int colourType, params (string Type, byte[] Data)[] chunks)
    {
        using var output = new MemoryStream();
        output.Write(PngSignature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colourType;
        WriteChunk(output, "IHDR", ihdr);
        foreach ((string type, byte[] data) in chunks)
        {
            WriteChunk(output, type, data);
        }

        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>zlib data of <paramref name="length"/> zero bytes (a megabyte of zeros compresses to about a kilobyte).</summary>
    public static byte[] ZlibZeros(long length)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long left = length; left > 0; left -= zeros.Length)
            {
                zlib.Write(zeros, 0, (int)Math.Min(zeros.Length, left));
            }
        }

        return output.ToArray();
    }

    /// <summary>IDAT content of a blank image: one filter byte and zero samples per row, compressed.</summary>
    public static byte[] BlankScanlines(int width, int height, int bytesPerPixel) =>
        ZlibZeros((long)height * (1 + ((long)width * bytesPerPixel)));

    /// <summary>A chunk whose payload is <paramref name="prefix"/> then zlib data inflating to <paramref name="inflated"/> zeros.</summary>
    public static (string, byte[]) CompressedChunk(string type, byte[] prefix, long inflated) => (type, [.. prefix, .. ZlibZeros(inflated)]);

    /// <summary>A baseline or progressive greyscale JPEG's header: SOI, an all-ones DQT and the SOF.</summary>
    public static MemoryStream JpegHeader(int width, int height, bool progressive)
    {
        var output = new MemoryStream();
        output.Write([0xFF, 0xD8]);
        output.Write([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        output.Write(Enumerable.Repeat((byte)1, 64).ToArray());
        output.Write([0xFF, progressive ? (byte)0xC2 : (byte)0xC0, 0x00, 0x0B, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x01, 0x01, 0x11, 0x00]);
        return output;
    }

    /// <summary>A JPEG segment (marker and payload, length included).</summary>
    public static byte[] Segment(byte marker, ReadOnlySpan<byte> payload)
    {
        if (payload.Length > 0xFFFF - 2)
        {
            throw new ArgumentException($"A JPEG segment holds at most 65533 bytes, not {payload.Length}.", nameof(payload));
        }

        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment.AsSpan(4));
        return segment;
    }

    /// <summary>
    /// A greyscale progressive JPEG of a blank image in a legal but extreme progression: the DC scan, then for each
    /// of the 63 AC coefficients its own first scan at point transform <paramref name="approximationBits"/> and that many
    /// refinement scans, 1 + 63 x (1 + bits) scans in all (505 at 7 bits). Every AC scan is a few end-of-band runs, so
    /// the file stays small while a decoder still visits every block in every scan.
    /// </summary>
    public static byte[] ManyScanProgressiveJpeg(int width, int height, int approximationBits)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(approximationBits, 13);
        using MemoryStream output = JpegHeader(width, height, progressive: true);
        // DC table 0: category 0 only, code "0". AC table 0: the 15 end-of-band-run symbols 0x00..0xE0, 4-bit codes.
        output.Write(Segment(0xC4, [0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00]));
        byte[] acSymbols = [.. Enumerable.Range(0, 15).Select(r => (byte)(r << 4))];
        output.Write(Segment(0xC4, [0x10, 0, 0, 0, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. acSymbols]));
        int blocks = ((width + 7) / 8) * ((height + 7) / 8);

        output.Write(Segment(0xDA, [0x01, 0x01, 0x00, 0, 0, 0x00]));
        var bits = new JpegBitWriter(output);
        for (int block = 0; block < blocks; block++)
        {
            bits.Write(0, 1);
        }

        bits.Flush();
        for (int k = 1; k <= 63; k++)
        {
            for (int ah = 0; ah <= approximationBits; ah++)
            {
                // The first scan sends the top bits (Ah 0, Al bits); each refinement one bit more (Ah, Al = Ah - 1), down to Al 0.
                byte successive = ah == 0
                    ? (byte)approximationBits
                    : (byte)(((approximationBits - ah + 1) << 4) | (approximationBits - ah));

                output.Write(Segment(0xDA, [0x01, 0x01, 0x00, (byte)k, (byte)k, successive]));
                WriteEndOfBandRuns(bits, blocks);
                bits.Flush();
            }
        }

        output.Write([0xFF, 0xD9]);
        return output.ToArray();
    }

    /// <summary>A GIF of <paramref name="frames"/> frames of <paramref name="size"/> square pixels, each a solid colour from a two-colour palette.</summary>
    public static byte[] ManyFrameGif(int frames, int size)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        output.Write([(byte)size, (byte)(size >> 8), (byte)size, (byte)(size >> 8), 0x80, 0x00, 0x00]);
        output.Write([0x00, 0x00, 0x80, 0xFF, 0xFF, 0xFF]); // navy, white
        output.Write([0x21, 0xFF, 0x0B, .. "NETSCAPE2.0"u8, 0x03, 0x01, 0x00, 0x00, 0x00]);
        byte[] pixels = LzwOfConstantIndex(size * size);
        for (int frame = 0; frame < frames; frame++)
        {
            output.Write([0x21, 0xF9, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00]); // graphic control: 10 ms
            output.Write([0x2C, 0, 0, 0, 0, (byte)size, (byte)(size >> 8), (byte)size, (byte)(size >> 8), 0x00]);
            output.Write(pixels);
        }

        output.WriteByte(0x3B);
        return output.ToArray();
    }

    /// <summary>A GIF whose logical screen is small but whose one frame declares <paramref name="frameSize"/> square pixels.</summary>
    public static byte[] GifWithOversizedFrame(int screenSize, int frameSize)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        output.Write([(byte)screenSize, (byte)(screenSize >> 8), (byte)screenSize, (byte)(screenSize >> 8), 0x80, 0x00, 0x00]);
        output.Write([0x00, 0x00, 0x80, 0xFF, 0xFF, 0xFF]);
        output.Write([0x2C, 0, 0, 0, 0, (byte)frameSize, (byte)(frameSize >> 8), (byte)frameSize, (byte)(frameSize >> 8), 0x00]);
        output.Write(LzwOfConstantIndex(16));
        output.WriteByte(0x3B);
        return output.ToArray();
    }

    /// <summary>A GIF's header and logical screen declaring <paramref name="width"/> x <paramref name="height"/>, with a 1x1 frame.</summary>
    public static byte[] GifWithHugeScreen(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write("GIF89a"u8);
        output.Write([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0x00, 0x00]);
        output.Write([0x00, 0x00, 0x80, 0xFF, 0xFF, 0xFF]);
        output.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0x00]);
        output.Write(LzwOfConstantIndex(1));
        output.WriteByte(0x3B);
        return output.ToArray();
    }

    /// <summary>A lossless WebP (VP8L) whose bitstream header declares <paramref name="width"/> x <paramref name="height"/> (at most 16384 each).</summary>
    public static byte[] WebpLosslessHeader(int width, int height)
    {
        var vp8l = new byte[5 + 16];
        vp8l[0] = 0x2F;
        uint packed = (uint)(width - 1) | ((uint)(height - 1) << 14);
        BinaryPrimitives.WriteUInt32LittleEndian(vp8l.AsSpan(1), packed);
        return Riff("VP8L", vp8l);
    }

    /// <summary>An extended WebP (VP8X) whose canvas is <paramref name="width"/> x <paramref name="height"/> (24-bit fields), with a tiny lossless image.</summary>
    public static byte[] WebpExtendedCanvas(int width, int height)
    {
        var vp8x = new byte[10];
        WriteUInt24(vp8x.AsSpan(4), width - 1);
        WriteUInt24(vp8x.AsSpan(7), height - 1);
        byte[] image = WebpLosslessHeader(1, 1)[12..];
        return RiffChunks(("VP8X", vp8x), (Encoding.ASCII.GetString(image, 0, 4), image[8..]));
    }

    /// <summary>An RLE8 BMP whose header declares <paramref name="width"/> x <paramref name="height"/>, holding one end-of-bitmap code.</summary>
    public static byte[] RleBmp(int width, int height)
    {
        const int FileHeader = 14;
        const int InfoHeader = 40;
        const int Palette = 256 * 4;
        byte[] pixels = [0x00, 0x01]; // end of bitmap
        var data = new byte[FileHeader + InfoHeader + Palette + pixels.Length];
        "BM"u8.CopyTo(data);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(2), data.Length);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(10), FileHeader + InfoHeader + Palette);
        Span<byte> info = data.AsSpan(FileHeader);
        BinaryPrimitives.WriteInt32LittleEndian(info, InfoHeader);
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], width);
        BinaryPrimitives.WriteInt32LittleEndian(info[8..], height);
        BinaryPrimitives.WriteInt16LittleEndian(info[12..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(info[14..], 8);
        BinaryPrimitives.WriteInt32LittleEndian(info[16..], 1); // BI_RLE8
        BinaryPrimitives.WriteInt32LittleEndian(info[20..], pixels.Length);
        BinaryPrimitives.WriteInt32LittleEndian(info[32..], 256);
        pixels.CopyTo(data.AsSpan(FileHeader + InfoHeader + Palette));
        return data;
    }

    /// <summary>A little-endian TIFF header and IFD (Exif) holding <paramref name="entries"/> tags, the first being an orientation.</summary>
    public static byte[] ExifBlock(int entries, ushort orientation, uint nextIfdOffset = 0, bool exifPointerToSelf = false)
    {
        int count = entries + (exifPointerToSelf ? 1 : 0);
        var tiff = new byte[8 + 2 + (count * 12) + 4];
        "II"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), (ushort)count);
        int position = 10;
        void Entry(ushort tag, ushort type, uint valueCount, uint value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(position), tag);
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(position + 2), type);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(position + 4), valueCount);
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(position + 8), value);
            position += 12;
        }

        Entry(0x0112, 3, 1, orientation);
        if (exifPointerToSelf)
        {
            Entry(0x8769, 4, 1, 8); // the Exif sub-IFD pointer names IFD0 itself
        }

        for (int i = 1; i < entries; i++)
        {
            // Private tags in ascending order, each a LONG held in the entry.
            Entry((ushort)(0xC000 + i), 4, 1, (uint)i);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(position), nextIfdOffset);
        return tiff;
    }

    /// <summary>A RIFF WEBP file of one chunk.</summary>
    private static byte[] Riff(string chunk, byte[] payload) => RiffChunks((chunk, payload));

    private static byte[] RiffChunks(params (string Type, byte[] Payload)[] chunks)
    {
        using var body = new MemoryStream();
        body.Write("WEBP"u8);
        Span<byte> size = stackalloc byte[4];
        foreach ((string type, byte[] payload) in chunks)
        {
            body.Write(Encoding.ASCII.GetBytes(type));
            BinaryPrimitives.WriteInt32LittleEndian(size, payload.Length);
            body.Write(size);
            body.Write(payload);
            if (payload.Length % 2 == 1)
            {
                body.WriteByte(0);
            }
        }

        var data = new byte[8 + body.Length];
        "RIFF"u8.CopyTo(data);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), (int)body.Length);
        body.ToArray().CopyTo(data, 8);
        return data;
    }

    private static void WriteUInt24(Span<byte> destination, int value)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        var crc = new Crc32();
        crc.Append(header[4..]);
        crc.Append(data);
        Span<byte> sum = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(sum, crc.GetCurrentHashAsUInt32());
        output.Write(sum);
    }

    /// <summary>Covers <paramref name="blocks"/> blocks with end-of-band runs of at most 32767 (symbol r<<4, then r bits).</summary>
    private static void WriteEndOfBandRuns(JpegBitWriter bits, int blocks)
    {
        for (int left = blocks; left > 0;)
        {
            int run = Math.Min(left, 32767);
            int r = 31 - int.LeadingZeroCount(run);
            bits.Write(r, 4);
            bits.Write(run - (1 << r), r);
            left -= run;
        }
    }

    /// <summary>GIF image data (minimum code size 2) for <paramref name="count"/> pixels of palette index 0, as clear-code-separated literals.</summary>
    private static byte[] LzwOfConstantIndex(int count)
    {
        // Code size 3 bits (min code size 2: codes 0-3 literal, 4 clear, 5 end). A clear before every literal keeps the
        // code width at 3, so the stream is simply clear, literal, clear, literal, ..., end.
        var codes = new List<int>();
        for (int i = 0; i < count; i++)
        {
            codes.Add(4);
            codes.Add(0);
        }

        codes.Add(5);
        var packed = new List<byte>();
        int buffer = 0;
        int length = 0;
        foreach (int code in codes)
        {
            buffer |= code << length;
            length += 3;
            while (length >= 8)
            {
                packed.Add((byte)buffer);
                buffer >>= 8;
                length -= 8;
            }
        }

        if (length > 0)
        {
            packed.Add((byte)buffer);
        }

        using var output = new MemoryStream();
        output.WriteByte(2);
        foreach (byte[] block in packed.Chunk(255))
        {
            output.WriteByte((byte)block.Length);
            output.Write(block);
        }

        output.WriteByte(0);
        return output.ToArray();
    }
}
