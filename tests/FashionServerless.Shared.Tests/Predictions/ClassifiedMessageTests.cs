using System.Text.Json.Nodes;
using FashionServerless.Shared.Predictions;

namespace FashionServerless.Shared.Tests.Predictions;

public sealed class ClassifiedMessageTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToJson_Rejection_IsOneCamelCaseLineWithoutTheFieldsItHasNoValueFor()
    {
        var record = new PredictionRecord
        {
            Source = "2026/06/notes.jpg",
            SourceETag = "0x8DE1",
            Status = PredictionStatus.Rejected,
            Rejection = new PredictionRejection("not_an_image", "The file is text."),
            ModelVersion = "20261203T120000Z-3f2a9c1d",
            ModelSha256 = new string('a', 64),
            ElapsedMs = 1,
            ProcessedAt = At,
        };

        string json = ClassifiedMessage.From("uploads", record).ToJson();

        // One queue message per line for consumers that log or forward them: no indentation, no line breaks.
        Assert.DoesNotContain('\n', json);
        JsonObject message = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(
            ["schemaVersion", "container", "path", "etag", "status", "reason", "modelVersion", "record", "processedAt"],
            message.Select(field => field.Key));
        Assert.Equal(("uploads", "2026/06/notes.jpg", "0x8DE1", "not_an_image", "2026/06/notes.jpg.json"),
            ((string?)message["container"], (string?)message["path"], (string?)message["etag"], (string?)message["reason"], (string?)message["record"]));
        Assert.Equal(At, (DateTimeOffset)message["processedAt"]!);
    }
}
