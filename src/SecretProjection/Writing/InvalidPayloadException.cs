namespace SecretProjection.Writing;

/// <summary>A payload path the writer refuses (upstream's <c>validatePath</c>); nothing was written.</summary>
public sealed class InvalidPayloadException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The upstream-style message, e.g. <c>invalid path: must not contain '..': a/../b</c>.</param>
    public InvalidPayloadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidPayloadException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
