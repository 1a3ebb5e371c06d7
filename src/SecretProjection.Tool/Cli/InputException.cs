namespace SecretProjection.Tool.Cli;

/// <summary>Unreadable input or bad usage found after parsing: exit 2 with the message on stderr.</summary>
internal sealed class InputException : Exception
{
    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InputException()
    {
    }
}
