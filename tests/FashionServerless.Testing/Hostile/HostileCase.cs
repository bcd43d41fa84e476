namespace FashionServerless.Testing.Hostile;

/// <summary>
/// One hostile or odd upload: its bytes (generated on first use, then kept), the outcome the pipeline must give it, and
/// how much CPU time and memory it may cost. Bounds are per upload, measured on the process that classifies it: CPU time
/// rather than wall time, because a shared machine stretches wall time but not the work done.
/// </summary>
/// <param name="Name">A short id, also the blob's file name without extension.</param>
/// <param name="Extension">The name's extension, which may lie about the content (".jpg" on a PDF).</param>
/// <param name="What">What the file is and why it is hostile.</param>
/// <param name="Expected">The outcome: <c>classified</c>, or <c>rejected:&lt;reason code&gt;</c>.</param>
/// <param name="MaxCpuMilliseconds">Process CPU time the case may take.</param>
/// <param name="MaxMemoryMiB">Peak resident memory the case may add above the process's level before it.</param>
public sealed record HostileCase(string Name, string Extension, string What, string Expected, int MaxCpuMilliseconds, int MaxMemoryMiB)
{
    public const string Classified = "classified";

    private Lazy<byte[]>? _content;

    /// <summary>The outcome under preprocessing version 1, when it differs from <see cref="Expected"/> (which version 2 gives).</summary>
    public string? ExpectedVersion1 { get; init; }

    public string FileName => Name + Extension;

    /// <summary>Generates the bytes once.</summary>
    public required Func<byte[]> Create
    {
        init => _content = new Lazy<byte[]>(value, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public byte[] Content => _content!.Value;

    /// <summary>The outcome under preprocessing version <paramref name="version"/>.</summary>
    public string ExpectedFor(int version) => version == 1 && ExpectedVersion1 is not null ? ExpectedVersion1 : Expected;

    public static string Rejected(string reason) => $"rejected:{reason}";

    public override string ToString() => Name;
}
