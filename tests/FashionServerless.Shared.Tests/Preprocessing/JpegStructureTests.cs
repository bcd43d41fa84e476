using FashionServerless.Shared.Preprocessing;
using System.Buffers.Binary;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Preprocessing;

public sealed class JpegStructureTests
{
    private static readonly byte[] Photo = TestImages.QuadrantJpegWithOrientation(120, 80, 6, new Rgb24(20, 30, 120), new Rgb24(240, 235, 220), new Rgb24(200, 20, 20), new Rgb24(20, 160, 40));

    [Fact]
    public void WithoutRepeatedMetadata_CameraSizedMetadata_ReturnsNullSoTheOriginalIsDecoded()
    {
        // Three more EXIF segments and an ICC profile in two chunks: about what a phone writes, well under the limit.
        byte[] jpeg = BeforeFirstScan(Photo, [.. Segments(0xE1, "Exif"u8, 3), .. Segments(0xE2, "ICC_PROFILE"u8, 2)]);

        Assert.Null(JpegStructure.WithoutRepeatedMetadata(jpeg));
    }

    [Fact]
    public void WithoutRepeatedMetadata_MetadataSpreadOverManySegments_KeepsTheFirstOfEachKindAndEveryOtherByte()
    {
        byte[][] exif = Segments(0xE1, "Exif"u8, 40);
        byte[][] icc = Segments(0xE2, "ICC_PROFILE"u8, 5);
        byte[][] comments = Segments(0xFE, "note"u8, 3);
        byte[] jpeg = BeforeFirstScan(Photo, [.. exif, .. icc, .. comments]);

        byte[]? trimmed = JpegStructure.WithoutRepeatedMetadata(jpeg);

        // The photo's own EXIF segment comes first, so all 40 added EXIF segments go; the first ICC chunk and the first
        // comment are the first of their kinds and stay.
        Assert.NotNull(trimmed);
        Assert.Equal(BeforeFirstScan(Photo, [icc[0], comments[0]]), trimmed);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Preprocess_MetadataSpreadOverManySegments_SameInputAsThePhotoWithoutIt(int version)
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default with { Version = version });
        byte[] jpeg = BeforeFirstScan(Photo, Segments(0xE1, "Exif"u8, 60));

        // Equal to the plain photo's input, so its EXIF orientation (6: rotate) still applied after the trim.
        Assert.Equal(preprocessor.Preprocess(Photo), preprocessor.Preprocess(jpeg));
    }

    [Fact]
    public void WithoutRepeatedMetadata_DamagedJpeg_Throws()
    {
        Assert.Throws<ArgumentException>(() => JpegStructure.WithoutRepeatedMetadata(Photo.AsSpan(..^10)));
    }

    public static TheoryData<int> Versions => [.. PreprocessingSpec.SupportedVersions];

    private static byte[][] Segments(byte marker, ReadOnlySpan<byte> identifier, int count)
    {
        var segments = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            byte[] payload = [.. identifier, .. TestImages.RandomBytes(60_000, seed: i)];
            segments[i] = [0xFF, marker, 0, 0, .. payload];
            BinaryPrimitives.WriteUInt16BigEndian(segments[i].AsSpan(2), (ushort)(payload.Length + 2));
        }

        return segments;
    }

    /// <summary>Inserts segments before the start-of-scan marker, after the photo's own metadata and tables.</summary>
    private static byte[] BeforeFirstScan(byte[] jpeg, IEnumerable<byte[]> segments)
    {
        int scan = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        return [.. jpeg[..scan], .. segments.SelectMany(s => s), .. jpeg[scan..]];
    }
}
