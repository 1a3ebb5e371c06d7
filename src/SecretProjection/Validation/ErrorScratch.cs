namespace SecretProjection.Validation;

/// <summary>
/// A list to collect a validation's errors in, reused on the thread: a valid object, the common case, then allocates
/// nothing for its result (a CI run checks tens of thousands of Secrets). Nested validations each take their own.
/// </summary>
internal static class ErrorScratch
{
    [ThreadStatic]
    private static List<FieldError>? t_list;

    /// <summary>An empty list for one validation, to be given to <see cref="Finish"/>.</summary>
    public static List<FieldError> Take()
    {
        var list = t_list ?? [];
        t_list = null;
        return list;
    }

    /// <summary>The errors as a result of their own (none: the shared empty list), the list kept for the next validation.</summary>
    public static IReadOnlyList<FieldError> Finish(List<FieldError> list)
    {
        IReadOnlyList<FieldError> result = list.Count == 0 ? [] : list.ToArray();
        list.Clear();
        t_list = list;
        return result;
    }
}
