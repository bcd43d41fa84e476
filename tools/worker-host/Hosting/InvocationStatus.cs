namespace FashionServerless.WorkerHost.Hosting;

/// <summary>The worker's verdict on an invocation. Failure makes the Functions host retry and, for blobs, poison.</summary>
public enum InvocationStatus
{
    Failure,
    Success,
    Cancelled,
}
