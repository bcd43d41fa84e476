namespace FashionServerless.Shared.Dashboard;

/// <summary>What <see cref="DashboardPublisher.PublishAsync"/> wrote.</summary>
/// <param name="PageUri">The page blob's URI (<c>metrics/dashboard/index.html</c>).</param>
/// <param name="Data">The figures shown.</param>
/// <param name="Html">The page as written.</param>
public sealed record DashboardPublication(Uri PageUri, DashboardData Data, string Html);
