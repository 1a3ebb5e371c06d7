namespace SecretProjection.Validation;

/// <summary>The rules for relative paths inside a volume (<c>validateLocalDescendingPath</c> and friends).</summary>
internal static class PathRules
{
    /// <summary>Relative and without a <c>..</c> element.</summary>
    public static void LocalDescendingPath(string path, FieldPath field, List<FieldError> errors)
    {
        if (path.StartsWith('/'))
        {
            errors.Add(FieldError.Invalid(field, path, "must be a relative path"));
        }

        // One error is enough, even for ../../..
        if (path.Split('/').Any(part => part == ".."))
        {
            errors.Add(FieldError.Invalid(field, path, "must not contain '..'"));
        }
    }

    /// <summary><see cref="LocalDescendingPath"/>, and not starting with <c>..</c> (the writer's reserved names).</summary>
    public static void LocalNonReservedPath(string path, FieldPath field, List<FieldError> errors)
    {
        LocalDescendingPath(path, field, errors);

        // Not reported again when the '..' element check above already caught it.
        if (path.StartsWith("..", StringComparison.Ordinal) && !path.StartsWith("../", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(field, path, "must not start with '..'"));
        }
    }
}
