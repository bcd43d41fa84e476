namespace FashionServerless.Trainer.Tests.Cli;

/// <summary>A well-formed connection string to a port nothing listens on: every request is refused at once.</summary>
internal static class UnreachableStorage
{
    public const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;";
}
