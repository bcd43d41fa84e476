namespace FashionServerless.Trainer.Benchmarks;

/// <summary>One kind of storage request: how many were sent and their mean time as the client saw it (wall clock).</summary>
internal sealed record StorageRequestKind(string Kind, int Count, double MeanMs);
