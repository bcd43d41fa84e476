using System.Text.Json.Nodes;

namespace FashionServerless.Infra.Tests.Template;

/// <summary>
/// One template of the compiled output (the root or a module's nested template) with the deployment that passes it
/// its parameters. Resolves parameters(), variables(), format() and string() so the tests can check the values
/// that reach Azure rather than the names of Bicep parameters.
/// </summary>
public sealed class TemplateScope(JsonObject template, TemplateResource? deployment, TemplateScope? parent)
{
    public JsonObject Template { get; } = template;

    public TemplateResource? Deployment { get; } = deployment;

    public TemplateScope? Parent { get; } = parent;

    /// <summary>A deep copy of <paramref name="node"/> with every expression this scope can evaluate replaced by its value.</summary>
    public JsonNode? Resolve(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(property => KeyValuePair.Create(property.Key, Resolve(property.Value)))),
        JsonArray array => new JsonArray(array.Select(Resolve).ToArray()),
        JsonValue value when value.TryGetValue(out string? text) => TemplateExpression.TryEvaluate(text, this) ?? JsonValue.Create(text),
        _ => node?.DeepClone(),
    };

    internal JsonNode? Parameter(string name)
    {
        if ((Deployment?.Properties["parameters"] as JsonObject)?[name] is JsonNode argument)
        {
            // Usually { "value": ... }; Bicep writes a conditional argument as one expression that yields that object.
            JsonNode? wrapper = argument is JsonValue ? Parent!.Resolve(argument) : argument;
            return wrapper is JsonObject { } passedObject && passedObject.TryGetPropertyValue("value", out JsonNode? passed)
                ? Parent!.Resolve(passed)
                : throw new UnresolvableExpressionException($"Parameter '{name}' of '{Deployment!.Name}' is passed as {argument.ToJsonString()}.");
        }

        if (Template["parameters"]?[name] is not JsonObject declaration)
        {
            throw new UnresolvableExpressionException($"No parameter '{name}'.");
        }

        return declaration.TryGetPropertyValue("defaultValue", out JsonNode? defaultValue)
            ? Resolve(defaultValue)
            : throw new UnresolvableExpressionException($"Parameter '{name}' has no value here.");
    }

    internal JsonNode? Variable(string name) =>
        Template["variables"]?[name] is { } value
            ? Resolve(value)
            : throw new UnresolvableExpressionException($"No variable '{name}'.");

    /// <summary>Every parameter and variable reference chain ends in a root-template parameter; returns its name.</summary>
    public string? RootParameterBehind(string expression)
    {
        var match = System.Text.RegularExpressions.Regex.Match(expression, @"^\[parameters\('([^']+)'\)\]$");
        if (!match.Success)
        {
            return null;
        }

        string name = match.Groups[1].Value;
        if (Deployment?.Properties["parameters"]?[name]?["value"] is JsonValue passed && passed.TryGetValue(out string? outer))
        {
            return Parent!.RootParameterBehind(outer);
        }

        return Parent is null ? name : null;
    }
}
