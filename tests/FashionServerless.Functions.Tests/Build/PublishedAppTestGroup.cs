namespace FashionServerless.Functions.Tests.Build;

/// <summary>
/// The test classes that read the published app share one <c>dotnet publish</c>: two publishes at once write the same
/// obj/ folders and fail each other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PublishedAppTestGroup : ICollectionFixture<PublishedFunctionsFixture>
{
    public const string Name = "published app";
}
