namespace FashionServerless.Infra.Tests.Hooks;

/// <summary>
/// infra/hooks/postdeploy.sh and its twin postdeploy.ps1, run against recording fakes of az and azd: the Event Grid
/// subscription comes first and needs only azd, the image build cannot stop it, every wait is bounded, and a missing
/// model is reported. Every scenario runs both twins and checks they made the same calls.
/// </summary>
public sealed class PostdeployHookTests : IDisposable
{
    private const string SetSubscriptionFlag = "azd env set DEPLOY_EVENTGRID_SUBSCRIPTION true";
    private const string Provision = "azd provision --no-prompt";
    private const string ListKeys = "az functionapp keys list --resource-group rg-test --name func-test --query systemKeys.blobs_extension --output tsv";
    private const string AcrBuild = "az acr build --registry crtest --image fashion-trainer:<tag> --image fashion-trainer:latest --file trainer/Dockerfile .";

    private readonly HookSandbox _sandbox = new();

    [Fact]
    public void Postdeploy_EverythingSucceeds_SubscriptionThenImageThenModelCheck()
    {
        _sandbox.Variables["FAKE_AZ_MODEL_EXISTS"] = "true";

        HookPair runs = Run();

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(
            [
                "az account show --output none",
                ListKeys,
                SetSubscriptionFlag,
                Provision,
                "az eventgrid system-topic event-subscription show --resource-group rg-test --system-topic-name evgt-test --name uploads-blob-created --query provisioningState --output tsv",
                AcrBuild,
                "azd env set TRAINER_IMAGE crtest.azurecr.io/fashion-trainer:<tag>",
                Provision,
                "az storage blob exists --auth-mode login --account-name stpipetest --container-name models --name current.json --query exists --output tsv",
            ],
            runs.Calls);
        Assert.All(runs.Both, run => Assert.Contains("Event Grid subscription: created (provisioning state Succeeded)", run.Output, StringComparison.Ordinal));
        Assert.All(runs.Both, run => Assert.Contains("Model:                   current", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_AcrBuildRefused_SubscriptionAlreadyCreatedAndTheHookFails()
    {
        _sandbox.Variables["FAKE_AZ_ACR_BUILD_REFUSED"] = "true";

        HookPair runs = Run();

        Assert.Equal(1, runs.ExitCode);
        Assert.True(IndexOf(runs, Provision) < IndexOf(runs, AcrBuild), "The subscription's provision must come before the image build.");
        Assert.DoesNotContain(runs.Calls, call => call.StartsWith("azd env set TRAINER_IMAGE", StringComparison.Ordinal));
        Assert.Single(runs.Calls, Provision);
        Assert.All(runs.Both, run =>
        {
            Assert.Contains("Event Grid subscription: created (provisioning state Succeeded)", run.Output, StringComparison.Ordinal);
            Assert.Contains("Trainer image:           FAILED: az acr build was refused", run.Output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Postdeploy_AzNotSignedIn_SubscriptionStillCreatedWithAzdAlone()
    {
        _sandbox.Variables["FAKE_AZ_SIGNED_IN"] = "false";

        HookPair runs = Run();

        Assert.Equal(["az account show --output none", SetSubscriptionFlag, Provision], runs.Calls);
        Assert.Equal(1, runs.ExitCode);
        Assert.All(runs.Both, run =>
        {
            Assert.Contains("Event Grid subscription: created (not verified: az is not signed in)", run.Output, StringComparison.Ordinal);
            Assert.Contains("Trainer image:           FAILED: az is not signed in", run.Output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Postdeploy_KeyAppearsAfterTheHostStarts_WaitsForItBeforeProvisioning()
    {
        _sandbox.Variables["FAKE_AZ_KEY_MISSING_TIMES"] = "3";

        HookPair runs = Run();

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(4, runs.Calls.Count(call => call == ListKeys));
        Assert.True(runs.Calls.ToList().LastIndexOf(ListKeys) < IndexOf(runs, SetSubscriptionFlag));
        Assert.All(runs.Both, run => Assert.Contains("No blobs_extension key yet (attempt 3 of 20)", run.Output, StringComparison.Ordinal));
        Assert.All(runs.Both, run => Assert.DoesNotContain("fake-blobs-extension-key", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_KeyNeverAppears_StopsAtTheBoundWithoutCreatingTheSubscription()
    {
        _sandbox.Variables["FAKE_AZ_KEY_MISSING_TIMES"] = "1000";
        _sandbox.Variables["HOOK_KEY_ATTEMPTS"] = "4";
        _sandbox.Variables["SKIP_TRAINER_IMAGE_BUILD"] = "true";

        HookPair runs = Run();

        Assert.Equal(1, runs.ExitCode);
        Assert.Equal(4, runs.Calls.Count(call => call == ListKeys));
        Assert.DoesNotContain(SetSubscriptionFlag, runs.Calls);
        Assert.DoesNotContain(Provision, runs.Calls);
        Assert.All(runs.Both, run => Assert.Contains("FAILED: the function host still has no blobs_extension key after 4 tries", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_ProvisionFailsWhileTheHostRestarts_RetriedUntilItSucceeds()
    {
        _sandbox.Variables["FAKE_AZD_PROVISION_FAILURES"] = "2";

        HookPair runs = Run();

        Assert.Equal(0, runs.ExitCode);
        // Three tries for the subscription, one for the image.
        Assert.Equal(4, runs.Calls.Count(call => call == Provision));
        Assert.True(runs.Calls.ToList().FindIndex(call => call == Provision) > IndexOf(runs, SetSubscriptionFlag));
        Assert.All(runs.Both, run => Assert.Contains("azd provision failed (attempt 2 of 3) while creating the Event Grid subscription", run.Output, StringComparison.Ordinal));
        Assert.All(runs.Both, run => Assert.Contains("validation handshake", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_ProvisionKeepsFailing_StopsAtTheBoundAndSaysWhatToRun()
    {
        _sandbox.Variables["FAKE_AZD_PROVISION_FAILURES"] = "1000";
        _sandbox.Variables["HOOK_PROVISION_ATTEMPTS"] = "2";

        HookPair runs = Run();

        Assert.Equal(1, runs.ExitCode);
        // Two tries for the subscription; the image build still runs and its provision gets two tries too.
        Assert.Equal(4, runs.Calls.Count(call => call == Provision));
        Assert.Contains(AcrBuild, runs.Calls);
        Assert.All(runs.Both, run => Assert.Contains("Event Grid subscription: FAILED: azd provision failed 2 times", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_SubscriptionNotSucceeded_ReportedAsAFailure()
    {
        _sandbox.Variables["FAKE_AZ_SUBSCRIPTION_STATE"] = "Failed";

        HookPair runs = Run();

        Assert.Equal(1, runs.ExitCode);
        Assert.All(runs.Both, run => Assert.Contains("provisioning state is 'Failed', not Succeeded", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_SkipImageBuild_NoBuildAndNoSecondProvision()
    {
        _sandbox.Variables["SKIP_TRAINER_IMAGE_BUILD"] = "true";
        _sandbox.Variables["TRAINER_IMAGE"] = "crtest.azurecr.io/fashion-trainer:20260101000000";

        HookPair runs = Run();

        Assert.Equal(0, runs.ExitCode);
        Assert.DoesNotContain(runs.Calls, call => call.StartsWith("az acr build", StringComparison.Ordinal));
        Assert.Single(runs.Calls, Provision);
        Assert.All(runs.Both, run => Assert.Contains("skipped (SKIP_TRAINER_IMAGE_BUILD=true)", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_NoModelYet_SaysSoAndHowToSeedAndTrain()
    {
        HookPair runs = Run();

        Assert.Equal(0, runs.ExitCode);
        Assert.All(runs.Both, run =>
        {
            Assert.Contains("NO MODEL YET: models/current.json does not exist in stpipetest.", run.Output, StringComparison.Ordinal);
            Assert.Contains("'webjobs-blobtrigger-poison' queue of stpipetest", run.Output, StringComparison.Ordinal);
            Assert.Contains("infra/hooks/first-run", run.Output, StringComparison.Ordinal);
            Assert.Contains("FIRST_RUN_DATA", run.Output, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(runs.Calls, call => call.StartsWith("az containerapp job start", StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_NoModelAndFirstRunData_SeedsBothContainersAndStartsTheJobOnce()
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "black_dress", 14);
        HookSandbox.AddPhotos(data, "blue_shoes", 7);
        _sandbox.Variables["FIRST_RUN_DATA"] = data;

        HookPair runs = Run();

        Assert.Equal(0, runs.ExitCode);
        Assert.Single(runs.Calls, "az containerapp job start --name job-retrain-test --resource-group rg-test --query name --output tsv");
        Assert.Equal(18, runs.Posix.Uploads["training"].Length);
        Assert.Equal(3, runs.Posix.Uploads["evaluation"].Length);
        Assert.All(runs.Both, run => Assert.Contains("Model:                   none yet: training started from", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_FirstRunDataIsNotValid_HookFailsAndUploadsNothing()
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "Black-Dress", 10);
        _sandbox.Variables["FIRST_RUN_DATA"] = data;

        HookPair runs = Run();

        Assert.Equal(1, runs.ExitCode);
        Assert.Empty(runs.Posix.Uploads);
        Assert.All(runs.Both, run => Assert.Contains("'Black-Dress' is not <colour>_<garment>", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void Postdeploy_MissingEnvironmentValues_FailsNamingThemBeforeAnyCall()
    {
        _sandbox.Variables.Remove("AZURE_FUNCTION_APP_NAME");
        _sandbox.Variables.Remove("UPLOADS_SYSTEM_TOPIC_NAME");

        HookPair runs = Run();

        Assert.Equal(1, runs.ExitCode);
        Assert.Empty(runs.Calls);
        Assert.All(runs.Both, run => Assert.Contains("lacks AZURE_FUNCTION_APP_NAME UPLOADS_SYSTEM_TOPIC_NAME", run.Output, StringComparison.Ordinal));
    }

    public void Dispose() => _sandbox.Dispose();

    private HookPair Run() => _sandbox.RunTwins("postdeploy", [], []);

    private static int IndexOf(HookPair runs, string call)
    {
        int index = runs.Calls.ToList().IndexOf(call);
        Assert.True(index >= 0, $"No call '{call}' in:\n{string.Join('\n', runs.Calls)}");
        return index;
    }
}
