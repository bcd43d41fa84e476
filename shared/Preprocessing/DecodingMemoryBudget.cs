namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Bounds the pixel memory of the images being decoded and resized at once in this process, so the number of uploads
/// handled concurrently can be set for throughput without multiplying the worst case: catalogue photos need well under
/// a megabyte each and never wait, while a few uploads at the pixel limit (160 MB each) queue here instead of all
/// decoding together. One decode always proceeds, however large: the pixel limit already bounds it.
/// </summary>
/// <remarks>
/// Waiting blocks the calling thread: decoding is synchronous CPU work, and a thread waits only while images of a
/// combined size above the capacity are in flight, which only hostile or camera-raw-sized uploads cause.
/// </remarks>
internal sealed class DecodingMemoryBudget
{
    /// <summary>What a decoded pixel costs (8-bit RGBA, the larger of the two decoded layouts).</summary>
    private const int BytesPerPixel = 4;

    /// <summary>Four decodes at the default pixel limit: what a 2 GB instance was sized for at parallelism 4.</summary>
    public static DecodingMemoryBudget Process { get; } = new(4 * ImageLimits.Default.MaxPixels * BytesPerPixel);

    // A monitor, not a Lock: waiting for memory needs Monitor.Wait and PulseAll.
    private readonly object _sync = new();
    private long _reserved;
    private int _waiting;

    public DecodingMemoryBudget(long capacityBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        CapacityBytes = capacityBytes;
    }

    public long CapacityBytes { get; }

    public long ReservedBytes
    {
        get
        {
            lock (_sync)
            {
                return _reserved;
            }
        }
    }

    /// <summary>Threads waiting for memory now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits until <paramref name="bytes"/> fit beside what is reserved (or nothing is), and reserves them until the result is disposed.</summary>
    public Reservation Reserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_sync)
        {
            if (_reserved > 0 && _reserved + bytes > CapacityBytes)
            {
                _waiting++;
                try
                {
                    while (_reserved > 0 && _reserved + bytes > CapacityBytes)
                    {
                        Monitor.Wait(_sync);
                    }
                }
                finally
                {
                    _waiting--;
                }
            }

            _reserved += bytes;
        }

        return new Reservation(this, bytes);
    }

    /// <summary>Reserves what an image of <paramref name="pixels"/> pixels needs once decoded; see <see cref="Reserve"/>.</summary>
    public Reservation ReservePixels(long pixels) => Reserve(pixels * BytesPerPixel);

    private void Release(long bytes)
    {
        lock (_sync)
        {
            _reserved -= bytes;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Memory reserved for one image; disposing it (once) gives the memory back.</summary>
    public sealed class Reservation : IDisposable
    {
        private DecodingMemoryBudget? _budget;

        internal Reservation(DecodingMemoryBudget budget, long bytes) => (_budget, Bytes) = (budget, bytes);

        public long Bytes { get; }

        public void Dispose() => Interlocked.Exchange(ref _budget, null)?.Release(Bytes);
    }
}
