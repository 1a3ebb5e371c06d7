namespace SecretProjection.Sources;

/// <summary>The outcome of a lookup.</summary>
public enum LookupStatus
{
    /// <summary>The object exists.</summary>
    Found,

    /// <summary>The object does not exist.</summary>
    NotFound,

    /// <summary>The lookup itself failed (the source was unreachable, forbidden, …).</summary>
    Failed,
}
