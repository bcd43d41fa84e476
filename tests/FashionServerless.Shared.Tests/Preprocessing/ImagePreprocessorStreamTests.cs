using FashionServerless.Shared.Preprocessing;
using FashionServerless.Testing.Images;
using SixLabors.ImageSharp.PixelFormats;

namespace FashionServerless.Shared.Tests.Preprocessing;

public sealed class ImagePreprocessorStreamTests
{
    private static readonly Rgb24 Green = new(30, 160, 60);

    [Fact]
    public async Task PreprocessAsync_SeekableStream_EqualsSpanResult()
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default);
        byte[] encoded = TestImages.NoiseJpeg(150, 100);
        using var stream = new MemoryStream(encoded);

        float[] values = await preprocessor.PreprocessAsync(stream);

        Assert.Equal(preprocessor.Preprocess(encoded), values);
    }

    [Fact]
    public async Task PreprocessAsync_NonSeekableStreamLargerThanInitialBuffer_ReadsItAll()
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default);
        byte[] encoded = TestImages.NoisePng(300, 300);
        Assert.True(encoded.Length > 64 * 1024);
        using var stream = new CountingStream(encoded, seekable: false);

        float[] values = await preprocessor.PreprocessAsync(stream);

        Assert.Equal(preprocessor.Preprocess(encoded), values);
    }

    [Fact]
    public async Task PreprocessAsync_NonSeekableStreamOverByteLimit_StopsReadingAfterLimitPlusOne()
    {
        const int maxBytes = 100_000;
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default, new ImageLimits { MaxBytes = maxBytes });
        using var stream = new CountingStream(new byte[10_000_000], seekable: false);

        var error = await Assert.ThrowsAsync<ImageRejectedException>(() => preprocessor.PreprocessAsync(stream));

        Assert.Equal("too_large", error.ReasonCode);
        Assert.Equal(maxBytes + 1, stream.BytesRead);
    }

    [Fact]
    public async Task PreprocessAsync_SeekableStreamOverByteLimit_ReadsNothing()
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default, new ImageLimits { MaxBytes = 1000 });
        using var stream = new CountingStream(new byte[5000], seekable: true);

        var error = await Assert.ThrowsAsync<ImageRejectedException>(() => preprocessor.PreprocessAsync(stream));

        Assert.Equal("too_large", error.ReasonCode);
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task PreprocessAsync_StreamExactlyAtByteLimit_IsAccepted()
    {
        byte[] encoded = TestImages.Png(20, 20, Green);
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default, new ImageLimits { MaxBytes = encoded.Length });
        using var stream = new CountingStream(encoded, seekable: false);

        float[] values = await preprocessor.PreprocessAsync(stream);

        ImagePreprocessorTests.AssertUniform(values, 96, 96, Green, tolerance: 0, "at limit");
    }

    [Fact]
    public async Task PreprocessAsync_EmptyStream_IsNotAnImage()
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default);
        using var stream = new MemoryStream();

        var error = await Assert.ThrowsAsync<ImageRejectedException>(() => preprocessor.PreprocessAsync(stream));

        Assert.Equal("not_an_image", error.ReasonCode);
    }

    [Fact]
    public async Task PreprocessAsync_CancelledToken_Throws()
    {
        var preprocessor = new ImagePreprocessor(PreprocessingSpec.Default);
        using var stream = new CountingStream(TestImages.Png(8, 8, Green), seekable: false);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => preprocessor.PreprocessAsync(stream, new CancellationToken(canceled: true)));
    }

    /// <summary>A read-only stream that counts what was read from it.</summary>
    private sealed class CountingStream(byte[] data, bool seekable) : Stream
    {
        private readonly MemoryStream _inner = new(data, writable: false);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => seekable;

        public override bool CanWrite => false;

        public override long Length => seekable ? _inner.Length : throw new NotSupportedException();

        public override long Position
        {
            get => seekable ? _inner.Position : throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Count(await _inner.ReadAsync(buffer, cancellationToken));
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _inner.Dispose();
            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
