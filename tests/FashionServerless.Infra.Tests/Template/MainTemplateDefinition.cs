namespace FashionServerless.Infra.Tests.Template;

[CollectionDefinition(Name)]
public sealed class MainTemplateDefinition : ICollectionFixture<MainTemplateFixture>
{
    public const string Name = "infra/main.bicep";
}
