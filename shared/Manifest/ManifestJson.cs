using System.Text.Json;
using System.Text.Json.Serialization;

namespace FashionServerless.Shared.Manifest;

/// <summary>The one JSON shape of every document the system writes: manifests, pointers, records, metrics.</summary>
public static class ManifestJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The same shape on one line, for JSON-lines logs.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = new(Options) { WriteIndented = false };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <exception cref="InvalidDataException">The JSON is malformed or not a <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8Json, Options)
                ?? throw new InvalidDataException($"{what} is empty (JSON null).");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{what} is not valid JSON for {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
