namespace FashionServerless.Shared.Preprocessing;

/// <summary>One input of a batch that could not be preprocessed; its slot in the buffer is zero-filled.</summary>
/// <param name="Index">The input's position in the batch, and so its slot.</param>
/// <param name="Error">Why it was rejected, with its reason code.</param>
public sealed record BatchImageRejection(int Index, ImageRejectedException Error);
