namespace FashionServerless.Infra.Tests.Hooks;

/// <summary>
/// infra/hooks/first-run.sh and its twin first-run.ps1: seed `training` and `evaluation` from one local folder and
/// start the retraining job once, refusing bad data and a job without the trainer image before anything is uploaded.
/// Every scenario runs both twins and checks they made the same calls and uploaded the same files.
/// </summary>
public sealed class FirstRunHookTests : IDisposable
{
    private const string JobShow = "az containerapp job show --name job-retrain-test --resource-group rg-test --query properties.template.containers[0].image --output tsv";
    private const string JobStart = "az containerapp job start --name job-retrain-test --resource-group rg-test --query name --output tsv";
    private const string UploadTraining = "dotnet run upload --data <folder> --container training --storage https://stpipetest.blob.core.windows.net/";
    private const string UploadEvaluation = "dotnet run upload --data <folder> --container evaluation --storage https://stpipetest.blob.core.windows.net/";

    private readonly HookSandbox _sandbox = new();

    [Fact]
    public void FirstRun_OneFolder_EverySeventhPhotoOfEachClassGoesToEvaluation()
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "black_dress", 15);
        HookSandbox.AddPhotos(data, "blue_shirt", 8, prefix: "photo ");
        File.WriteAllText(Path.Combine(data, ".DS_Store"), "ignored");

        HookPair runs = Run(data);

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(
            [
                JobShow,
                "az containerapp job execution list --name job-retrain-test --resource-group rg-test --query [?properties.status=='Running'].name --output tsv",
                "dotnet build",
                UploadTraining,
                UploadEvaluation,
                JobStart,
            ],
            runs.Calls);
        // Byte order of the names: img1, img10 ... img15, img2 ... img9; the 7th and 14th of each class are held out.
        Assert.Equal(["./black_dress/img15.jpg", "./black_dress/img8.jpg", "./blue_shirt/photo 7.jpg"], runs.Posix.Uploads["evaluation"]);
        Assert.Equal(20, runs.Posix.Uploads["training"].Length);
        Assert.Empty(runs.Posix.Uploads["training"].Intersect(runs.Posix.Uploads["evaluation"]));
        // The staging folders are gone.
        Assert.Empty(Directory.EnumerateFileSystemEntries(_sandbox.TempFolder));
        Assert.All(runs.Both, run => Assert.Contains("Started execution job-retrain-test-1a2b3c", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_SeparateEvaluationFolder_BothUploadedWhole()
    {
        string data = _sandbox.Folder("train");
        string evaluation = _sandbox.Folder("eval");
        HookSandbox.AddPhotos(data, "black_pants", 9);
        HookSandbox.AddPhotos(evaluation, "black_pants", 2);

        HookPair runs = _sandbox.RunTwins("first-run", ["--data", data, "--eval-data", evaluation], ["-Data", data, "-EvalData", evaluation]);

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(9, runs.Posix.Uploads["training"].Length);
        Assert.Equal(["./black_pants/img1.jpg", "./black_pants/img2.jpg"], runs.Posix.Uploads["evaluation"]);
    }

    [Theory]
    [InlineData("Black_dress", "'Black_dress' is not <colour>_<garment>")]
    [InlineData("black_dress_long", "'black_dress_long' is not <colour>_<garment>")]
    [InlineData("dress", "'dress' is not <colour>_<garment>")]
    public void FirstRun_ClassFolderNotColourUnderscoreGarment_NothingUploadedOrStarted(string className, string message)
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "blue_shoes", 10);
        HookSandbox.AddPhotos(data, className, 10);

        HookPair runs = Run(data);

        AssertRefusedBeforeAnyCall(runs, exitCode: 2, message);
    }

    [Fact]
    public void FirstRun_FileOutsideTheClassFolders_Refused()
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "blue_shoes", 10);
        File.WriteAllText(Path.Combine(data, "stray.jpg"), "no label");

        HookPair runs = Run(data);

        AssertRefusedBeforeAnyCall(runs, exitCode: 2, "stray.jpg' is not inside a <colour>_<garment>/ folder");
    }

    [Fact]
    public void FirstRun_EmptyClassFolder_Refused()
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "blue_shoes", 10);
        Directory.CreateDirectory(Path.Combine(data, "black_shoes"));

        HookPair runs = Run(data);

        AssertRefusedBeforeAnyCall(runs, exitCode: 2, "black_shoes' has no photos");
    }

    [Fact]
    public void FirstRun_ClassWithTooFewTrainingPhotos_RefusedAsTheTrainerWould()
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "blue_shoes", 10);
        HookSandbox.AddPhotos(data, "black_shorts", 4);

        HookPair runs = Run(data);

        AssertRefusedBeforeAnyCall(runs, exitCode: 2, "class 'black_shorts' has 4 training photos; the trainer needs at least 5");
    }

    [Fact]
    public void FirstRun_JobStillRunsThePlaceholderImage_RefusedBeforeUploading()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_AZ_JOB_IMAGE"] = "mcr.microsoft.com/k8se/quickstart-jobs:latest";

        HookPair runs = Run(data);

        Assert.Equal(1, runs.ExitCode);
        Assert.Equal([JobShow], runs.Calls);
        Assert.All(runs.Both, run => Assert.Contains("the job runs 'mcr.microsoft.com/k8se/quickstart-jobs:latest', not the trainer image", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_ExecutionAlreadyRunning_DoesNotStartAnother()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_AZ_RUNNING_EXECUTION"] = "job-retrain-test-earlier";

        HookPair runs = Run(data);

        Assert.Equal(1, runs.ExitCode);
        Assert.DoesNotContain(JobStart, runs.Calls);
        Assert.Empty(runs.Posix.Uploads);
        Assert.All(runs.Both, run => Assert.Contains("already running (job-retrain-test-earlier)", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_UploadRefusedWhileTheRoleApplies_RetriedThenJobStarted()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_UPLOAD_FAILURES"] = "2";

        HookPair runs = Run(data);

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(3, runs.Calls.Count(call => call == UploadTraining));
        Assert.Single(runs.Calls, JobStart);
    }

    [Fact]
    public void FirstRun_UploadKeepsFailing_StopsAtTheBoundWithoutStartingTheJob()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_UPLOAD_FAILURES"] = "1000";

        HookPair runs = Run(data);

        Assert.Equal(1, runs.ExitCode);
        Assert.Equal(3, runs.Calls.Count(call => call == UploadTraining));
        Assert.DoesNotContain(JobStart, runs.Calls);
        Assert.All(runs.Both, run => Assert.Contains("you need Storage Blob Data Contributor on stpipetest", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_WaitUntilSucceededAndAModelIsCurrent_ExitsZero()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_AZ_EXECUTION_STATUSES"] = "Running Running Succeeded";
        _sandbox.Variables["FAKE_AZ_MODEL_EXISTS"] = "true";

        HookPair runs = _sandbox.RunTwins("first-run", ["--data", data, "--wait"], ["-Data", data, "-Wait"]);

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal(3, runs.Calls.Count(call => call.StartsWith("az containerapp job execution show", StringComparison.Ordinal)));
        Assert.EndsWith("--container-name models --name current.json --query exists --output tsv", runs.Calls[^1], StringComparison.Ordinal);
        Assert.All(runs.Both, run => Assert.Contains("A model is current (models/current.json)", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_WaitAndTheExecutionFails_ExitsOneAndSaysWhereTheLogsAre()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_AZ_EXECUTION_STATUSES"] = "Running Failed";

        HookPair runs = _sandbox.RunTwins("first-run", ["--data", data, "--wait"], ["-Data", data, "-Wait"]);

        Assert.Equal(1, runs.ExitCode);
        Assert.All(runs.Both, run => Assert.Contains("ended Failed; its console output is in Log Analytics", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_WaitAndTheGateRefusesTheModel_ExitsOneBecauseNoModelIsCurrent()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_AZ_MODEL_EXISTS"] = "false";

        HookPair runs = _sandbox.RunTwins("first-run", ["--data", data, "--wait"], ["-Data", data, "-Wait"]);

        Assert.Equal(1, runs.ExitCode);
        Assert.All(runs.Both, run => Assert.Contains("models/current.json does not exist: the promotion gate refused the model", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_WaitForAnExecutionThatNeverEnds_StopsAtTheBound()
    {
        string data = Photos();
        _sandbox.Variables["FAKE_AZ_EXECUTION_STATUSES"] = "Running";
        _sandbox.Variables["FIRST_RUN_MAX_POLLS"] = "5";

        HookPair runs = _sandbox.RunTwins("first-run", ["--data", data, "--wait"], ["-Data", data, "-Wait"]);

        Assert.Equal(1, runs.ExitCode);
        Assert.Equal(5, runs.Calls.Count(call => call.StartsWith("az containerapp job execution show", StringComparison.Ordinal)));
        Assert.All(runs.Both, run => Assert.Contains("is still 'Running' after 5 checks", run.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void FirstRun_OutsideAnAzdHook_ReadsTheAzdEnvironment()
    {
        string data = Photos();
        string values = Path.Combine(_sandbox.Folder("azd"), "values.env");
        File.WriteAllLines(values,
        [
            "AZURE_RESOURCE_GROUP=\"rg-from-azd\"",
            "RETRAINING_JOB_NAME=\"job-from-azd\"",
            "PIPELINE_STORAGE_ACCOUNT_NAME=\"stfromazd\"",
            "PIPELINE_STORAGE_BLOB_ENDPOINT=\"https://stfromazd.blob.core.windows.net/\"",
        ]);
        foreach (string name in new[] { "AZURE_RESOURCE_GROUP", "RETRAINING_JOB_NAME", "PIPELINE_STORAGE_ACCOUNT_NAME", "PIPELINE_STORAGE_BLOB_ENDPOINT" })
        {
            _sandbox.Variables.Remove(name);
        }

        _sandbox.Variables["FAKE_AZD_ENV_VALUES"] = values;

        HookPair runs = Run(data);

        Assert.Equal(0, runs.ExitCode);
        Assert.Equal("azd env get-values", runs.Calls[0]);
        Assert.Contains("az containerapp job start --name job-from-azd --resource-group rg-from-azd --query name --output tsv", runs.Calls);
        Assert.Contains("dotnet run upload --data <folder> --container training --storage https://stfromazd.blob.core.windows.net/", runs.Calls);
    }

    [Fact]
    public void FirstRun_NoDataFolder_UsageError()
    {
        HookPair runs = _sandbox.RunTwins("first-run", [], []);

        Assert.Equal(2, runs.ExitCode);
        Assert.Empty(runs.Calls);
    }

    public void Dispose() => _sandbox.Dispose();

    private HookPair Run(string data) => _sandbox.RunTwins("first-run", ["--data", data], ["-Data", data]);

    private string Photos()
    {
        string data = _sandbox.Folder("apparel");
        HookSandbox.AddPhotos(data, "black_dress", 10);
        HookSandbox.AddPhotos(data, "blue_shirt", 10);
        return data;
    }

    private static void AssertRefusedBeforeAnyCall(HookPair runs, int exitCode, string message)
    {
        Assert.Equal(exitCode, runs.ExitCode);
        Assert.Empty(runs.Calls);
        Assert.Empty(runs.Posix.Uploads);
        Assert.All(runs.Both, run => Assert.Contains(message, run.Output, StringComparison.Ordinal));
    }
}
