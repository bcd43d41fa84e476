namespace FashionServerless.Trainer.Reporting;

/// <summary>How a <see cref="LineChart"/> lays out its value axis.</summary>
internal enum ChartScale
{
    /// <summary>From zero (or the lowest value, if negative) to a little above the highest value.</summary>
    FromZero,

    /// <summary>Fixed 0 to 1, for scores such as F1, so charts of different runs compare at a glance.</summary>
    UnitInterval,

    /// <summary>Powers of ten, for the learning rate; values that are not positive leave gaps.</summary>
    Log,
}
