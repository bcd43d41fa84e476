using System.Text.Json.Serialization;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>
/// Exactly how pixels become the model's input. It is stored in every model's manifest, so a model is always
/// served with the preprocessing it was trained with. Output is <c>[N,3,Height,Width]</c>, RGB, scaled to [0,1].
/// </summary>
public sealed record PreprocessingSpec
{
    public static PreprocessingSpec Default { get; } = new();

    public int Width { get; init; } = 96;

    public int Height { get; init; } = 96;

    [JsonConverter(typeof(JsonStringEnumConverter<ResizeMode>))]
    public ResizeMode ResizeMode { get; init; } = ResizeMode.Stretch;

    /// <summary>Channel layout of the tensor: always <c>RGB</c>, channels first.</summary>
    public string ChannelOrder { get; init; } = "RGB";

    /// <summary>Pixel values are divided by this: 255 gives [0,1].</summary>
    public float Scale { get; init; } = 255f;

    public int ValuesPerImage => 3 * Width * Height;
}
