namespace FashionServerless.Shared.Dashboard;

/// <summary>A rejected upload as the dashboard lists it.</summary>
public sealed record RecentRejection(string Source, string Reason, string Message, string ModelVersion, DateTimeOffset ProcessedAt);
