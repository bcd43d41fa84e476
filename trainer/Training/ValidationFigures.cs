namespace FashionServerless.Trainer.Training;

/// <summary>An epoch's figures on the validation split, decided with the model's decision rule.</summary>
internal sealed record ValidationFigures(double Loss, double MicroF1, double MacroF1, double ExactMatch);
