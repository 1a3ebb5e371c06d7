using System.Text.RegularExpressions;

namespace SecretProjection.Validation;

/// <summary>apimachinery's qualified-name and label-value rules, with their messages.</summary>
internal static partial class NameRules
{
    private const int QualifiedNameMaxLength = 63;
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string QualifiedNameMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    /// <summary>
    /// <c>IsQualifiedName</c>: a name part of at most 63 alphanumeric, <c>-</c>, <c>_</c> or <c>.</c> characters,
    /// starting and ending alphanumeric, with an optional DNS-subdomain prefix and <c>/</c>: label and annotation keys.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>The problems.</returns>
    internal static IReadOnlyList<string> QualifiedName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    Add(ref errors, "prefix part must be non-empty");
                }
                else
                {
                    foreach (var message in Dns1123Subdomain(parts[0]))
                    {
                        Add(ref errors, "prefix part " + message);
                    }
                }

                break;
            default:
                return [
                    "a qualified name " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                ];
        }

        if (name.Length == 0)
        {
            Add(ref errors, "name part must be non-empty");
        }
        else if (GoLength(name) > QualifiedNameMaxLength)
        {
            Add(ref errors, "name part " + MaxLengthError(QualifiedNameMaxLength));
        }

        if (!QualifiedNameRegex().IsMatch(name))
        {
            Add(ref errors, "name part " + RegexError(QualifiedNameMessage, QualifiedNameFormat, "MyName", "my.name", "123-abc"));
        }

        return errors ?? NoErrors;
    }

    /// <summary><c>IsValidLabelValue</c>: empty, or at most 63 characters of the qualified-name form.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The problems.</returns>
    internal static IReadOnlyList<string> LabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (GoLength(value) > QualifiedNameMaxLength)
        {
            Add(ref errors, MaxLengthError(QualifiedNameMaxLength));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            Add(ref errors, RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        }

        return errors ?? NoErrors;
    }

    [GeneratedRegex("^" + QualifiedNameFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^" + LabelValueFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueRegex();
}
