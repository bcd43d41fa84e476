using FashionServerless.Shared.Predictions;
using Microsoft.Extensions.Logging.Testing;

namespace FashionServerless.Shared.Tests.Predictions;

public sealed class PredictionLogTests
{
    [Fact]
    public void Classified_TwoLabels_ListedOnceInBrackets()
    {
        var logger = new FakeLogger();

        PredictionLog.Classified(logger, "shop/a.jpg", "0x1", "20260101T000000Z-0123abcd", 12.5, "black", "dress", ["black", "dress"]);

        Assert.EndsWith("colour black, garment dress, labels [black, dress].", logger.LatestRecord.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Classified_NoLabels_EmptyBrackets()
    {
        var logger = new FakeLogger();

        PredictionLog.Classified(logger, "shop/a.jpg", "0x1", "20260101T000000Z-0123abcd", 12.5, null, null, []);

        Assert.EndsWith("labels [].", logger.LatestRecord.Message, StringComparison.Ordinal);
    }
}
