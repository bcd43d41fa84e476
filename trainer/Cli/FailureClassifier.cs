using Azure;
using FashionServerless.Shared.Inference;
using FashionServerless.Shared.Labels;
using FashionServerless.Shared.Preprocessing;
using FashionServerless.Shared.Registry;
using FashionServerless.Shared.Serving;
using FashionServerless.Trainer.Export;

namespace FashionServerless.Trainer.Cli;

/// <summary>Turns an exception that ended a command into its exit code and one line a person can act on.</summary>
internal static class FailureClassifier
{
    /// <param name="exception">What ended the command.</param>
    /// <param name="storageEndpoint">The blob endpoint in use, named in storage messages (never a key).</param>
    public static (int ExitCode, string Message) Classify(Exception exception, string? storageEndpoint)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string where = storageEndpoint is null ? "storage" : $"storage at {storageEndpoint}";
        return exception switch
        {
            CliFailure f => (f.ExitCode, f.Message),
            OperationCanceledException => (ExitCodes.Cancelled, "Cancelled."),
            InvalidClassFolderException e => (ExitCodes.Data, e.Message),
            DirectoryNotFoundException e => (ExitCodes.Data, e.Message),
            FileNotFoundException e => (ExitCodes.Data, $"File not found: {e.FileName ?? e.Message}"),
            ImageRejectedException e => (ExitCodes.Data, $"Image rejected ({e.ReasonCode}): {e.Message}"),
            ExportParityException e => (ExitCodes.Export, $"ONNX export failed its parity check: {e.Message}"),
            UnsupportedLayerException e => (ExitCodes.Export, $"ONNX export failed: {e.Message}"),
            ModelLoadException e => (ExitCodes.Model, $"Model {e.ModelVersion} cannot be loaded ({e.Failure}): {e.Message}"),
            ModelIntegrityException e => (ExitCodes.Model, e.Message),
            ModelNotFoundException e => (ExitCodes.Model, e.Message),
            ModelUnavailableException e => (ExitCodes.Model, $"No model serves: {e.Message}"),
            RegistryConflictException e => (ExitCodes.Conflict, e.Message),
            RequestFailedException { Status: 0 } e => (ExitCodes.Storage, $"Cannot reach {where}: {FirstLine(e.Message)}"),
            RequestFailedException e => (ExitCodes.Storage, $"The {where} refused the request (HTTP {e.Status} {e.ErrorCode}): {FirstLine(e.Message)}"),
            AggregateException e when e.InnerExceptions.All(IsTransport) =>
                (ExitCodes.Storage, $"Cannot reach {where} after {e.InnerExceptions.Count} tries: {FirstLine(e.InnerExceptions[^1].Message)}"),
            HttpRequestException e => (ExitCodes.Storage, $"Cannot reach {where}: {FirstLine(e.Message)}"),
            Azure.Identity.AuthenticationFailedException e => (ExitCodes.Storage, $"Cannot sign in to {where}: {FirstLine(e.Message)}"),
            InvalidDataException e => (ExitCodes.Data, e.Message),
            UnauthorizedAccessException e => (ExitCodes.Data, e.Message),
            IOException e => (ExitCodes.Data, e.Message),
            _ => (ExitCodes.Generic, $"Unexpected error ({exception.GetType().Name}): {FirstLine(exception.Message)}"),
        };
    }

    private static bool IsTransport(Exception e) => e is RequestFailedException or HttpRequestException or TaskCanceledException;

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
