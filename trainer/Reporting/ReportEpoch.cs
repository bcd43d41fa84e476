namespace FashionServerless.Trainer.Reporting;

/// <summary>One epoch's figures as the report plots them.</summary>
internal sealed record ReportEpoch(int Epoch, double TrainLoss, double ValidationLoss, double ValidationMicroF1, double ValidationMacroF1, double LearningRate);
