using FashionServerless.Shared.Preprocessing;
using System.Buffers.Binary;
using System.IO.Hashing;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Preprocessing;

public sealed class DecodingMemoryBudgetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Reserve_WithinCapacity_ProceedsAtOnce()
    {
        var budget = new DecodingMemoryBudget(100);

        using DecodingMemoryBudget.Reservation first = budget.Reserve(60);
        using DecodingMemoryBudget.Reservation second = budget.Reserve(40);

        Assert.Equal(100, budget.ReservedBytes);
        Assert.Equal(0, budget.Waiting);
    }

    [Fact]
    public async Task Reserve_BeyondCapacity_WaitsUntilAnEarlierReservationIsGivenBack()
    {
        var budget = new DecodingMemoryBudget(100);
        DecodingMemoryBudget.Reservation first = budget.Reserve(70);

        Task<DecodingMemoryBudget.Reservation> second = Task.Run(() => budget.Reserve(50));
        Assert.True(SpinWait.SpinUntil(() => budget.Waiting == 1, Patience));
        Assert.False(second.IsCompleted);
        Assert.Equal(70, budget.ReservedBytes);
        first.Dispose();

        using DecodingMemoryBudget.Reservation granted = await second.WaitAsync(Patience);
        Assert.Equal(50, budget.ReservedBytes);
    }

    [Fact]
    public void Reserve_LargerThanCapacityWithNothingReserved_ProceedsAlone()
    {
        var budget = new DecodingMemoryBudget(100);

        using DecodingMemoryBudget.Reservation huge = budget.Reserve(500);

        Assert.Equal(500, budget.ReservedBytes);
    }

    [Fact]
    public void Dispose_Twice_GivesTheMemoryBackOnce()
    {
        var budget = new DecodingMemoryBudget(100);
        using DecodingMemoryBudget.Reservation kept = budget.Reserve(30);
        DecodingMemoryBudget.Reservation released = budget.Reserve(40);

        released.Dispose();
        released.Dispose();

        Assert.Equal(30, budget.ReservedBytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Preprocess_BudgetTakenByAnotherDecode_WaitsThenGivesItsPixelsBack(int version)
    {
        var budget = new DecodingMemoryBudget(1024 * 1024);
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default with { Version = version }, null, budget);
        byte[] photo = TestImages.Jpeg(1200, 900, new Rgb24(20, 40, 220));
        DecodingMemoryBudget.Reservation other = budget.Reserve(budget.CapacityBytes);

        Task<float[]> waiting = Task.Run(() => preprocessor.Preprocess(photo));
        Assert.True(SpinWait.SpinUntil(() => budget.Waiting == 1, Patience));
        Assert.False(waiting.IsCompleted);
        other.Dispose();

        float[] values = await waiting.WaitAsync(Patience);
        Assert.Equal(PreprocessingSpec.Default.ValuesPerImage, values.Length);
        Assert.Equal(0, budget.ReservedBytes);
    }

    [Fact]
    public void Preprocess_DecoderFailsAfterTheHeaderPassed_RejectedAndItsReservationGivenBack()
    {
        var budget = new DecodingMemoryBudget(1024 * 1024);
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default, null, budget);
        byte[] png = PngWithUndecodablePixels();

        ImageRejectedException rejection = Assert.Throws<ImageRejectedException>(() => preprocessor.Preprocess(png));

        Assert.Equal(ImageRejectionReason.Corrupt, rejection.Reason);
        Assert.Contains("decoder", rejection.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, budget.ReservedBytes);
    }

    /// <summary>A whole, well-formed PNG (every chunk's CRC right) whose compressed pixels are not deflate data: only decoding finds out.</summary>
    private static byte[] PngWithUndecodablePixels()
    {
        byte[] png = TestImages.Png(64, 64, new Rgb24(200, 30, 40));
        int type = png.AsSpan().IndexOf("IDAT"u8);
        int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(type - 4));
        // Keep the two-byte zlib header; every block after it gets the reserved block type 3.
        png.AsSpan(type + 6, length - 2).Fill(0xFF);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(type + 4 + length), Crc32.HashToUInt32(png.AsSpan(type, 4 + length)));
        return png;
    }
}
