namespace SecretProjection.Tool.Cli;

/// <summary>Unreadable input or bad usage found after parsing: exit 2 with the message on stderr, one line per problem.</summary>
internal sealed class InputException : Exception
{
    public InputException(string message)
        : base(message) => Problems = [message];

    public InputException(IReadOnlyList<string> problems)
        : base(string.Join(System.Environment.NewLine, problems)) => Problems = problems;

    public InputException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public InputException()
        => Problems = [Message];

    /// <summary>Each problem, printed on a line of its own.</summary>
    public IReadOnlyList<string> Problems { get; }
}
