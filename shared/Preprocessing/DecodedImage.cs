using SixLabors.ImageSharp;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>A decoded image and whether it may hold translucent pixels that must be flattened onto white.</summary>
internal readonly record struct DecodedImage(Image Image, bool Opaque);
