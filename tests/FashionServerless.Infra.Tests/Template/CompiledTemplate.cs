using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FashionServerless.Infra.Tests.Template;

/// <summary>The ARM JSON that <c>bicep build</c> produced for infra/main.bicep, with every module's resources flattened.</summary>
public sealed partial class CompiledTemplate
{
    public CompiledTemplate(string json)
    {
        Json = json;
        Root = new TemplateScope(JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("Not a JSON object.", nameof(json)), null, null);
        var resources = new List<TemplateResource>();
        Collect(Root, resources);
        Resources = resources;
    }

    public string Json { get; }

    public TemplateScope Root { get; }

    /// <summary>All resources at every depth, including module deployments and <c>existing</c> references.</summary>
    public IReadOnlyList<TemplateResource> Resources { get; }

    /// <summary>Resources of one type that the template deploys (not <c>existing</c> references).</summary>
    public IReadOnlyList<TemplateResource> Deployed(string type) =>
        Resources.Where(resource => !resource.IsExisting && string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The module deployment with this literal name (the <c>name:</c> of a Bicep module).</summary>
    public TemplateResource Module(string name) =>
        Resources.SingleOrDefault(resource => resource.IsDeployment && resource.Name == name)
        ?? throw new InvalidOperationException($"The template has no module deployment named '{name}'.");

    /// <summary>
    /// The module output that a <c>reference('symbol').outputs.X.value</c> expression of the root template reads,
    /// e.g. the identity module behind a principalId. Null if the value is anything else.
    /// </summary>
    public ModuleOutput? OutputReadBy(JsonNode? value) => OutputReadBy(value, Root);

    /// <summary>As <see cref="OutputReadBy(JsonNode?)"/>, for an expression of the template <paramref name="scope"/> (a module's).</summary>
    public static ModuleOutput? OutputReadBy(JsonNode? value, TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Match match = ModuleOutputReference().Match(value?.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : string.Empty);
        return match.Success && scope.Template["resources"] is JsonObject symbols && symbols[match.Groups["symbol"].Value] is JsonObject module
            ? new ModuleOutput(module["name"]!.GetValue<string>(), match.Groups["output"].Value)
            : null;
    }

    private static void Collect(TemplateScope scope, List<TemplateResource> into)
    {
        IEnumerable<(string Symbol, JsonObject Json)> declared = scope.Template["resources"] switch
        {
            // languageVersion 2.0: resources keyed by symbolic name.
            JsonObject symbols => symbols.Select(pair => (pair.Key, (JsonObject)pair.Value!)),
            JsonArray list => list.Select((node, index) => ($"#{index}", (JsonObject)node!)),
            _ => [],
        };
        foreach ((string symbol, JsonObject json) in declared)
        {
            var resource = new TemplateResource(symbol, json, scope);
            into.Add(resource);
            if (resource.IsDeployment)
            {
                Collect(resource.InnerScope, into);
            }
        }
    }

    [GeneratedRegex(@"^\[reference\('(?<symbol>\w+)'\)\.outputs\.(?<output>\w+)\.value\]$")]
    private static partial Regex ModuleOutputReference();
}
