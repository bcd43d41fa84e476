namespace FashionServerless.Infra.Tests.Template;

/// <summary>Thrown inside expression evaluation for functions the tests do not evaluate (reference(), resourceId(), ...).</summary>
public sealed class UnresolvableExpressionException : Exception
{
    public UnresolvableExpressionException()
    {
    }

    public UnresolvableExpressionException(string message)
        : base(message)
    {
    }

    public UnresolvableExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
