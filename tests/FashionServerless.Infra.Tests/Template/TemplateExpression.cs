using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FashionServerless.Infra.Tests.Template;

/// <summary>
/// A deliberately small evaluator for ARM template expressions: string and integer literals, parameters(),
/// variables(), format(), string(), if(), null(), createObject(), createArray(), union() of objects, subscriptionResourceId(),
/// and(), or(), not(), greater(), equals() and property access. Anything else (reference(), listKeys(), resourceId()...)
/// is left as the original expression text.
/// </summary>
internal sealed class TemplateExpression
{
    private readonly string _text;
    private readonly TemplateScope _scope;
    private int _position;

    private TemplateExpression(string text, TemplateScope scope)
    {
        _text = text;
        _scope = scope;
    }

    /// <summary>The value of <paramref name="text"/> if it is an expression this evaluator understands; otherwise null.</summary>
    public static JsonNode? TryEvaluate(string text, TemplateScope scope)
    {
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']' || text.StartsWith("[[", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var expression = new TemplateExpression(text[1..^1], scope);
            JsonNode? value = expression.ParseExpression();
            expression.SkipSpaces();
            // A copy, because the value may be a node inside a parameter's or variable's object.
            return expression._position == expression._text.Length ? value?.DeepClone() ?? JsonValue.Create((string?)null) : null;
        }
        catch (UnresolvableExpressionException)
        {
            return null;
        }
    }

    private JsonNode? ParseExpression()
    {
        SkipSpaces();
        JsonNode? value;
        if (Peek() == '\'')
        {
            value = JsonValue.Create(ReadString());
        }
        else if (char.IsAsciiDigit(Peek()))
        {
            int start = _position;
            while (char.IsAsciiDigit(Peek()))
            {
                _position++;
            }

            value = JsonValue.Create(int.Parse(_text.AsSpan(start, _position - start), CultureInfo.InvariantCulture));
        }
        else
        {
            value = ParseCall();
        }

        while (Peek() == '.')
        {
            _position++;
            string property = ReadIdentifier();
            value = value is JsonObject obj && obj.TryGetPropertyValue(property, out JsonNode? member)
                ? member
                : throw new UnresolvableExpressionException($"No property '{property}'.");
        }

        return value;
    }

    private JsonNode? ParseCall()
    {
        string function = ReadIdentifier();
        Expect('(');
        var arguments = new List<JsonNode?>();
        SkipSpaces();
        while (Peek() != ')')
        {
            arguments.Add(ParseExpression());
            SkipSpaces();
            if (Peek() == ',')
            {
                _position++;
            }
        }

        Expect(')');
        return function switch
        {
            "parameters" => _scope.Parameter(Text(arguments[0])),
            "variables" => _scope.Variable(Text(arguments[0])),
            "string" => JsonValue.Create(Text(arguments[0])),
            "format" => JsonValue.Create(Format(Text(arguments[0]), arguments.Skip(1).Select(Text).ToArray())),
            "createObject" => CreateObject(arguments),
            "createArray" => new JsonArray(arguments.Select(argument => argument?.DeepClone()).ToArray()),
            "union" => Union(arguments),
            "if" => arguments[0] is JsonValue condition && condition.TryGetValue(out bool flag)
                ? (flag ? arguments[1] : arguments[2])
                : throw new UnresolvableExpressionException("if() on an unresolved condition."),
            "null" => null,
            "and" => JsonValue.Create(arguments.All(Flag)),
            "or" => JsonValue.Create(arguments.Any(Flag)),
            "not" => JsonValue.Create(!Flag(arguments[0])),
            "greater" => JsonValue.Create(Number(arguments[0]) > Number(arguments[1])),
            "equals" => JsonValue.Create(JsonNode.DeepEquals(arguments[0], arguments[1])),
            // The subscription is unknown before deployment; the rest of the id is what the tests check.
            "subscriptionResourceId" => JsonValue.Create($"/subscriptions/{{subscriptionId}}/providers/{Text(arguments[0])}/{string.Join('/', arguments.Skip(1).Select(Text))}"),
            _ => throw new UnresolvableExpressionException($"{function}() is not evaluated."),
        };
    }

    private static bool Flag(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out bool flag)
            ? flag
            : throw new UnresolvableExpressionException("A condition is not a resolved boolean.");

    // Literals are int-backed nodes, values read from the template JSON convert to long.
    private static long Number(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out long number) => number,
        JsonValue value when value.TryGetValue(out int number) => number,
        _ => throw new UnresolvableExpressionException("An argument is not a resolved integer."),
    };

    private static string Text(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue(out string? text) && text.StartsWith('[') =>
            throw new UnresolvableExpressionException("An argument is still an expression."),
        JsonValue value when value.TryGetValue(out string? text) => text,
        JsonValue value when value.TryGetValue(out bool flag) => flag ? "True" : "False",
        JsonValue value => value.ToJsonString(),
        _ => throw new UnresolvableExpressionException("An argument is not a scalar."),
    };

    private static JsonObject CreateObject(List<JsonNode?> arguments)
    {
        var result = new JsonObject();
        for (int i = 0; i + 1 < arguments.Count; i += 2)
        {
            result[Text(arguments[i])] = arguments[i + 1]?.DeepClone();
        }

        return result;
    }

    // ARM's union() of objects: later arguments win, property by property.
    private static JsonObject Union(List<JsonNode?> arguments)
    {
        var result = new JsonObject();
        foreach (JsonNode? argument in arguments)
        {
            foreach ((string key, JsonNode? value) in argument as JsonObject ?? throw new UnresolvableExpressionException("union() of non-objects is not evaluated."))
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static string Format(string format, string[] arguments)
    {
        var result = new StringBuilder();
        for (int i = 0; i < format.Length; i++)
        {
            if (format[i] == '{' && format.IndexOf('}', i) is int end and > 0
                && int.TryParse(format.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                result.Append(arguments[index]);
                i = end;
            }
            else
            {
                result.Append(format[i]);
            }
        }

        return result.ToString();
    }

    private string ReadString()
    {
        Expect('\'');
        var result = new StringBuilder();
        while (true)
        {
            char c = _position < _text.Length ? _text[_position++] : throw new UnresolvableExpressionException("Unterminated string.");
            if (c == '\'')
            {
                if (Peek() != '\'')
                {
                    return result.ToString();
                }

                _position++;
            }

            result.Append(c);
        }
    }

    private string ReadIdentifier()
    {
        SkipSpaces();
        int start = _position;
        while (char.IsAsciiLetterOrDigit(Peek()) || Peek() == '_')
        {
            _position++;
        }

        return _position > start ? _text[start.._position] : throw new UnresolvableExpressionException($"Unexpected '{Peek()}' at {_position}.");
    }

    private void Expect(char expected)
    {
        SkipSpaces();
        if (Peek() != expected)
        {
            throw new UnresolvableExpressionException($"Expected '{expected}' at {_position}.");
        }

        _position++;
    }

    private void SkipSpaces()
    {
        while (Peek() == ' ')
        {
            _position++;
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';
}
