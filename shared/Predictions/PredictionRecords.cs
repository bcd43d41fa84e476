using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Manifest;
using FashionServerless.Shared.Preprocessing;

namespace FashionServerless.Shared.Predictions;

/// <summary>Builds the two kinds of record from what the classifier said.</summary>
internal static class PredictionRecords
{
    public static PredictionRecord Classified(string source, string sourceETag, Prediction prediction, double elapsedMs, DateTimeOffset processedAt) => new()
    {
        Source = source,
        SourceETag = sourceETag,
        Status = prediction.IsUncertain ? PredictionStatus.Uncertain : PredictionStatus.Classified,
        Labels = prediction.Labels,
        Scores = prediction.Scores,
        Colour = prediction.Groups.GetValueOrDefault(LabelSchema.ColourGroup),
        Garment = prediction.Groups.GetValueOrDefault(LabelSchema.GarmentGroup),
        ModelVersion = prediction.ModelVersion,
        ModelSha256 = prediction.ModelSha256,
        ElapsedMs = elapsedMs,
        ProcessedAt = processedAt,
    };

    public static PredictionRecord Rejected(string source, string sourceETag, ImageRejectedException rejection, ModelManifest model, double elapsedMs, DateTimeOffset processedAt) => new()
    {
        Source = source,
        SourceETag = sourceETag,
        Status = PredictionStatus.Rejected,
        Rejection = new PredictionRejection(rejection.ReasonCode, rejection.Message),
        ModelVersion = model.Version,
        ModelSha256 = model.Sha256,
        ElapsedMs = elapsedMs,
        ProcessedAt = processedAt,
    };
}
