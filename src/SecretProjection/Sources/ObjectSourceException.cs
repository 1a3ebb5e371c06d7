namespace SecretProjection.Sources;

/// <summary>A list or watch of an <see cref="IObjectSource{T}"/> failed. The message never carries object values.</summary>
public sealed class ObjectSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ObjectSourceException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public ObjectSourceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public ObjectSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failure the server reported.</summary>
    /// <param name="status">The server's status.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ObjectSourceException(SourceStatus status, Exception? innerException)
        : base(status?.Message, innerException)
    {
        Status = status;
    }

    /// <summary>The server's status, when it answered; <see langword="null"/> when it could not be reached.</summary>
    public SourceStatus? Status { get; }

    /// <summary>Whether the resourceVersion asked for is too old (410): the caller relists.</summary>
    public bool IsExpired => Status?.IsExpired == true;
}
