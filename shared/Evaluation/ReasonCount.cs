namespace FashionServerless.Shared.Evaluation;

/// <summary>How many records had one rejection reason, and their share of all records in the window.</summary>
public sealed record ReasonCount(long Count, double Rate);
