namespace FashionServerless.Shared.Metrics;

/// <summary>Precision, recall and F1 averaged one way (micro, macro, weighted or samples), with the total support.</summary>
public sealed record AveragedScores(double Precision, double Recall, double F1, long Support);
