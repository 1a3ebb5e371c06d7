using System.Globalization;
using System.Text;
using SecretProjection.Text;

namespace SecretProjection.Validation;

/// <summary>
/// One validation problem, in the API server's words: <c>data[bad key]: Invalid value: "bad key": a valid config key must …</c>.
/// </summary>
public sealed record FieldError
{
    /// <summary>Initializes a new instance of the <see cref="FieldError"/> record.</summary>
    /// <param name="type">The kind of problem.</param>
    /// <param name="field">The field path.</param>
    /// <param name="detail">The explanation, possibly empty.</param>
    /// <param name="badValue">The offending value as printed, or <see langword="null"/> to omit it (always omitted for secret values).</param>
    public FieldError(FieldErrorType type, string field, string detail, string? badValue = null)
    {
        Type = type;
        Field = field;
        Detail = detail;
        BadValue = badValue;
    }

    /// <summary>The kind of problem.</summary>
    public FieldErrorType Type { get; }

    /// <summary>The field path.</summary>
    public string Field { get; }

    /// <summary>The explanation, possibly empty.</summary>
    public string Detail { get; }

    /// <summary>The offending value as printed, or <see langword="null"/> to omit it (always omitted for secret values).</summary>
    public string? BadValue { get; }

    /// <summary>A <see cref="FieldErrorType.Required"/> error.</summary>
    /// <param name="field">The field.</param>
    /// <param name="detail">The explanation.</param>
    /// <returns>The error.</returns>
    internal static FieldError Required(FieldPath field, string detail = "") => new(FieldErrorType.Required, Path(field), detail);

    /// <summary>An <see cref="FieldErrorType.Invalid"/> error.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The offending value, printed quoted.</param>
    /// <param name="detail">The explanation.</param>
    /// <returns>The error.</returns>
    internal static FieldError Invalid(FieldPath field, string value, string detail) => new(FieldErrorType.Invalid, Path(field), detail, Quote(value));

    /// <summary>An <see cref="FieldErrorType.Invalid"/> error for a number.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The offending number.</param>
    /// <param name="detail">The explanation.</param>
    /// <returns>The error.</returns>
    internal static FieldError Invalid(FieldPath field, long value, string detail) =>
        new(FieldErrorType.Invalid, Path(field), detail, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A <see cref="FieldErrorType.Forbidden"/> error.</summary>
    /// <param name="field">The field.</param>
    /// <param name="detail">The explanation.</param>
    /// <returns>The error.</returns>
    internal static FieldError Forbidden(FieldPath field, string detail) => new(FieldErrorType.Forbidden, Path(field), detail);

    /// <summary>A <see cref="FieldErrorType.TooLong"/> error: "must have at most N bytes".</summary>
    /// <param name="field">The field.</param>
    /// <param name="maxBytes">The limit.</param>
    /// <returns>The error.</returns>
    internal static FieldError TooLong(FieldPath field, long maxBytes) =>
        new(FieldErrorType.TooLong, Path(field), string.Create(CultureInfo.InvariantCulture, $"must have at most {maxBytes} bytes"));

    /// <summary>A <see cref="FieldErrorType.Duplicate"/> error.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The repeated value.</param>
    /// <returns>The error.</returns>
    internal static FieldError Duplicate(FieldPath field, string value) => new(FieldErrorType.Duplicate, Path(field), string.Empty, Quote(value));

    /// <summary>A <see cref="FieldErrorType.NotSupported"/> error.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value.</param>
    /// <param name="supported">The supported values.</param>
    /// <returns>The error.</returns>
    internal static FieldError NotSupported(FieldPath field, string value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, Path(field), "supported values: " + string.Join(", ", supported.Select(Quote)), Quote(value));

    /// <summary>A <see cref="FieldErrorType.NotFound"/> error.</summary>
    /// <param name="field">The field.</param>
    /// <param name="value">The value that names nothing.</param>
    /// <returns>The error.</returns>
    internal static FieldError NotFound(FieldPath field, string value) => new(FieldErrorType.NotFound, Path(field), string.Empty, Quote(value));

    /// <summary>The words the API server uses for <see cref="Type"/>.</summary>
    public string TypeText => Type switch
    {
        FieldErrorType.Required => "Required value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.NotFound => "Not found",
        _ => Type.ToString(),
    };

    /// <summary>The message without the field: <c>Invalid value: "x": detail</c>.</summary>
    public string Message
    {
        get
        {
            var body = TypeText;
            if (BadValue is not null && Type is not (FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.TooLong))
            {
                body += ": " + BadValue;
            }

            return Detail.Length == 0 ? body : body + ": " + Detail;
        }
    }

    /// <summary><c>field: message</c>, as <c>kubectl</c> prints it.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Field + ": " + Message;

    private static string Path(FieldPath field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.ToString();
    }

    /// <summary>Quotes a string as Go's <c>%q</c> does, so that control characters stay visible.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The quoted string.</returns>
    internal static string Quote(string value) => GoQuote.Quote(value);
}
