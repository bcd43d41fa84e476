using FashionServerless.Shared.Labels;

namespace FashionServerless.Trainer.Publishing;

/// <summary>One encoded evaluation image and the class its folder names.</summary>
internal sealed record LabelledImage(string Path, ClassName Class, byte[] Content);
