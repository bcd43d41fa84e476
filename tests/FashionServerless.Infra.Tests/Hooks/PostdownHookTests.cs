namespace FashionServerless.Infra.Tests.Hooks;

/// <summary>
/// infra/hooks/postdown.sh and its twin: after `azd down` the environment goes back to its first-provision values, so
/// the next `azd up` neither reads the key of a function app without code nor points the job at a deleted registry.
/// </summary>
public sealed class PostdownHookTests : IDisposable
{
    private readonly HookSandbox _sandbox = new();

    [Fact]
    public void Postdown_ResetsTheSubscriptionFlagAndTheTrainerImage()
    {
        HookPair runs = _sandbox.RunTwins("postdown", [], []);

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(["azd env set DEPLOY_EVENTGRID_SUBSCRIPTION false", "azd env set TRAINER_IMAGE "], runs.Calls);
    }

    [Fact]
    public void Postdown_AzdCannotSetValues_FailsSayingWhatToRun()
    {
        _sandbox.Variables["FAKE_AZD_ENV_SET_FAILS"] = "true";

        HookPair runs = _sandbox.RunTwins("postdown", [], []);

        Assert.Equal(1, runs.ExitCode);
        Assert.All(runs.Both, run => Assert.Contains("azd env set DEPLOY_EVENTGRID_SUBSCRIPTION false", run.Output, StringComparison.Ordinal));
    }

    public void Dispose() => _sandbox.Dispose();
}
