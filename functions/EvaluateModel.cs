using FashionServerless.Shared.Dashboard;
using FashionServerless.Shared.Evaluation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FashionServerless.Functions;

/// <summary>
/// Scores the current model on the labelled evaluation container, summarises live traffic and live accuracy on
/// reviewed uploads, and renders the dashboard page (<c>metrics/dashboard/index.html</c>), on the NCRONTAB schedule
/// in app setting <c>EvaluationSchedule</c> (documented default <c>0 0 3 * * *</c>, daily at 03:00 UTC). The host resolves
/// the <c>%EvaluationSchedule%</c> expression when it indexes the function; if the setting is missing, that indexing
/// fails and the host, which allows partial start-up, disables this function alone ("failed indexing and will be
/// disabled") while <see cref="ClassifyUpload"/> keeps running. So a missing setting silently stops evaluations.
/// </summary>
internal sealed partial class EvaluateModel(ModelEvaluationService evaluation, DashboardPublisher dashboard, ILogger<EvaluateModel> logger)
{
    public const string ScheduleSetting = "EvaluationSchedule";

    [Function(nameof(EvaluateModel))]
    public async Task RunAsync([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            LogPastDue(logger);
        }

        // The service logs the evaluation written (version, blob, counts, F1, drift flags).
        await evaluation.RunAsync(cancellationToken).ConfigureAwait(false);
        DashboardPublication page = await dashboard.PublishAsync(cancellationToken).ConfigureAwait(false);
        LogDashboard(logger, page.PageUri);
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Dashboard written to {PageUri}.")]
    private static partial void LogDashboard(ILogger logger, Uri pageUri);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "The evaluation timer is past due; running now.")]
    private static partial void LogPastDue(ILogger logger);
}
