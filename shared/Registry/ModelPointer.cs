namespace FashionServerless.Shared.Registry;

/// <summary>The content of <c>current.json</c> in the models container: which version serves, and the one before it.</summary>
/// <param name="Version">The version that serves.</param>
/// <param name="Sha256">SHA-256 of that version's <c>model.onnx</c>, copied from its manifest when promoted.</param>
/// <param name="PromotedAt">When the pointer was last written (promotion or rollback).</param>
/// <param name="PreviousVersion">The version that served before; what a rollback returns to. Null for the first promotion.</param>
public sealed record ModelPointer(string Version, string Sha256, DateTimeOffset PromotedAt, string? PreviousVersion);
