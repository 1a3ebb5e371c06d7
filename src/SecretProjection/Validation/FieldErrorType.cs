namespace SecretProjection.Validation;

/// <summary>The kinds of field error the API server reports (apimachinery <c>field.ErrorType</c>).</summary>
public enum FieldErrorType
{
    /// <summary>"Required value": a required field is empty.</summary>
    Required,

    /// <summary>"Invalid value": the value is malformed.</summary>
    Invalid,

    /// <summary>"Forbidden": the field may not be set or changed.</summary>
    Forbidden,

    /// <summary>"Too long": the value is over its size limit.</summary>
    TooLong,

    /// <summary>"Duplicate value": the value repeats one that must be unique.</summary>
    Duplicate,

    /// <summary>"Unsupported value": the value is not one of a closed set.</summary>
    NotSupported,

    /// <summary>"Not found": the value names something that does not exist.</summary>
    NotFound,
}
