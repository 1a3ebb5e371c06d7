namespace SecretProjection.Sources;

/// <summary>The outcome of looking up one object: found, not found, or failed with a reason.</summary>
/// <typeparam name="T">The object type.</typeparam>
public readonly struct LookupResult<T>
    where T : class
{
    private LookupResult(LookupStatus status, T? value, string? failure)
    {
        Status = status;
        Value = value;
        Failure = failure;
    }

    /// <summary>The outcome.</summary>
    public LookupStatus Status { get; }

    /// <summary>The object, when <see cref="Status"/> is <see cref="LookupStatus.Found"/>.</summary>
    public T? Value { get; }

    /// <summary>Why the lookup failed, when <see cref="Status"/> is <see cref="LookupStatus.Failed"/>.</summary>
    public string? Failure { get; }

    /// <summary>A found object.</summary>
    /// <param name="value">The object.</param>
    /// <returns>The result.</returns>
    public static LookupResult<T> Found(T value) => new(LookupStatus.Found, value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>No such object.</summary>
    /// <returns>The result.</returns>
    public static LookupResult<T> NotFound() => new(LookupStatus.NotFound, null, null);

    /// <summary>The lookup failed.</summary>
    /// <param name="reason">Why; must not contain secret values.</param>
    /// <returns>The result.</returns>
    public static LookupResult<T> Failed(string reason) => new(LookupStatus.Failed, null, reason);
}
