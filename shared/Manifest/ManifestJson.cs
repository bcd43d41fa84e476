using System.Text.Json;
using System.Text.Json.Serialization;

namespace FashionServerless.Shared.Manifest;

/// <summary>The one JSON shape of every document the system writes: manifests, pointers, records, metrics.</summary>
public static class ManifestJson
{
    // Read-only from the start: shared by every writer, and only read-only options cache what they learn about a type,
    // which is what lets a serving host build the record's contract before its first upload (Prepare).
    public static JsonSerializerOptions Options { get; } = ReadOnly(new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    });

    /// <summary>The same shape on one line, for JSON-lines logs.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = ReadOnly(new(Options) { WriteIndented = false });

    /// <summary>Builds <paramref name="type"/>'s contract under <paramref name="options"/> now instead of at its first (de)serialization.</summary>
    public static void Prepare(JsonSerializerOptions options, Type type)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = options.GetTypeInfo(type);
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

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
