namespace SecretProjection.GenerationWriter;

/// <summary>A reader saw files of more than one generation, or a torn file.</summary>
public sealed class MixedGenerationException : Exception
{
    public MixedGenerationException(string message)
        : base(message)
    {
    }

    public MixedGenerationException()
    {
    }

    public MixedGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
