using System.Text.Json.Nodes;

namespace FashionServerless.Infra.Tests.Template;

/// <summary>
/// A resource of the compiled ARM template, at any nesting depth. <see cref="Scope"/> is the template it is declared
/// in (to resolve its expressions); for a module deployment, <see cref="InnerScope"/> is the module's own template.
/// </summary>
public sealed class TemplateResource(string symbolicName, JsonObject json, TemplateScope scope)
{
    public string SymbolicName { get; } = symbolicName;

    public JsonObject Json { get; } = json;

    public TemplateScope Scope { get; } = scope;

    public string Type => (string)Json["type"]!;

    public string? Name => Json["name"]?.GetValue<string>();

    public bool IsExisting => Json["existing"]?.GetValue<bool>() == true;

    public bool IsDeployment => string.Equals(Type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the template deploys this resource with every parameter at its default: its own <c>condition</c> and
    /// those of the modules around it, resolved. Throws when a condition cannot be resolved here.
    /// </summary>
    public bool IsDeployedByDefault =>
        ConditionHolds(Json, Scope) && (Scope.Deployment is not { } module || module.IsDeployedByDefault);

    public JsonObject Properties => Json["properties"] as JsonObject ?? throw new InvalidOperationException($"{Type} '{Name}' has no properties.");

    public TemplateScope InnerScope => IsDeployment
        ? new TemplateScope((JsonObject)Properties["template"]!, this, Scope)
        : throw new InvalidOperationException($"{Type} '{Name}' is not a deployment.");

    /// <summary>The value a module deployment passes for one of its parameters, resolved in the declaring template.</summary>
    public JsonNode? ModuleParameter(string name) =>
        Properties["parameters"]?[name]?["value"] is { } value
            ? Scope.Resolve(value)
            : throw new InvalidOperationException($"Deployment '{Name}' passes no parameter '{name}'.");

    /// <summary>A property path (e.g. "properties.filter.subjectBeginsWith") resolved as far as the template allows.</summary>
    public JsonNode? Resolved(string path)
    {
        JsonNode? node = Json;
        foreach (string segment in path.Split('.'))
        {
            node = node?[segment];
        }

        return Scope.Resolve(node);
    }

    public override string ToString() => $"{Type} {Name} ({SymbolicName})";

    private static bool ConditionHolds(JsonObject json, TemplateScope scope) => json["condition"] switch
    {
        null => true,
        JsonNode condition => scope.Resolve(condition) is JsonValue value && value.TryGetValue(out bool holds)
            ? holds
            : throw new InvalidOperationException($"The condition {condition.ToJsonString()} does not resolve here."),
    };
}
