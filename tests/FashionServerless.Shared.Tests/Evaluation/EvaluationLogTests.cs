using FashionServerless.Shared.Evaluation;
using Microsoft.Extensions.Logging.Testing;

namespace FashionServerless.Shared.Tests.Evaluation;

public sealed class EvaluationLogTests
{
    [Fact]
    public void Written_NothingDrifted_FiguresRoundedAndNoEmptyList()
    {
        var logger = new FakeLogger();

        EvaluationLog.Written(logger, "20260101T000000Z-0123abcd", "v/t.json", 80, 0, 0.9968847352024922, 0.9956709956709957, 11, 1 / 11.0, []);

        Assert.Equal(
            "Evaluation of model 20260101T000000Z-0123abcd written to v/t.json: 80 images scored, 0 rejected, micro-F1 0.9969, macro-F1 0.9957; "
            + "traffic 11 records, 9.1% rejected, drift flagged on no label.",
            logger.LatestRecord.Message);
    }

    [Fact]
    public void Written_DriftAndNoLabelledImages_LabelsListedOnceAndMissingFiguresSaid()
    {
        var logger = new FakeLogger();

        EvaluationLog.Written(logger, "20260101T000000Z-0123abcd", "v/t.json", 0, 0, null, null, 3, 0, ["black", "shoes"]);

        Assert.EndsWith("micro-F1 n/a (nothing scored), macro-F1 n/a (nothing scored); traffic 3 records, 0.0% rejected, drift flagged on black, shoes.",
            logger.LatestRecord.Message, StringComparison.Ordinal);
    }
}
