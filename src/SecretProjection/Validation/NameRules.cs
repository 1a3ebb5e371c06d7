using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretProjection.Validation;

/// <summary>
/// The name rules of apimachinery's <c>pkg/util/validation</c>, with its messages. Each method returns the
/// problems found; an empty list means the value is valid.
/// </summary>
internal static partial class NameRules
{
    /// <summary>The longest DNS-1123 subdomain (and config key): 253 characters.</summary>
    public const int Dns1123SubdomainMaxLength = 253;

    /// <summary>The longest DNS-1123 label: 63 characters.</summary>
    public const int Dns1123LabelMaxLength = 63;

    private const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    private const string ConfigMapKeyFormat = "[-._a-zA-Z0-9]+";
    private const string EnvVarNameFormat = "[-._a-zA-Z][-._a-zA-Z0-9]*";

    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    private const string ConfigMapKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

    private const string EnvVarNameMessage =
        "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

    /// <summary>The message of the relaxed environment-variable rule.</summary>
    public const string RelaxedEnvVarNameMessage = "a valid environment variable name must consist only of printable ASCII characters other than '='";

    /// <summary>A DNS-1123 subdomain: object names such as a Secret's.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> Dns1123Subdomain(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (GoLength(value) > Dns1123SubdomainMaxLength)
        {
            Add(ref errors, MaxLengthError(Dns1123SubdomainMaxLength));
        }

        if (!IsDns1123Subdomain(value))
        {
            Add(ref errors, RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        }

        return errors ?? NoErrors;
    }

    /// <summary>A DNS-1123 label: namespace and volume names.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> Dns1123Label(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (GoLength(value) > Dns1123LabelMaxLength)
        {
            Add(ref errors, MaxLengthError(Dns1123LabelMaxLength));
        }

        if (!IsDns1123Label(value))
        {
            Add(ref errors, RegexError(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }

        return errors ?? NoErrors;
    }

    /// <summary>
    /// A key of a Secret or ConfigMap: <c>[-._a-zA-Z0-9]+</c>, at most 253 characters, not <c>.</c> or <c>..</c>,
    /// not starting with <c>..</c>. Dotfiles such as <c>.secret-file</c> are valid.
    /// </summary>
    /// <param name="value">The key.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> ConfigMapKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (GoLength(value) > Dns1123SubdomainMaxLength)
        {
            Add(ref errors, MaxLengthError(Dns1123SubdomainMaxLength));
        }

        if (!IsConfigMapKey(value))
        {
            Add(ref errors, RegexError(ConfigMapKeyMessage, ConfigMapKeyFormat, "key.name", "KEY_NAME", "key-name"));
        }

        AddChangeDirectoryPrefixErrors(value, ref errors);
        return errors ?? NoErrors;
    }

    /// <summary>
    /// The strict environment-variable name rule (apimachinery <c>IsEnvVarName</c>, which the kubelet applied before
    /// relaxed names): <c>[-._a-zA-Z][-._a-zA-Z0-9]*</c>, not <c>.</c>, <c>..</c> or <c>..</c>-prefixed.
    /// </summary>
    /// <param name="value">The name.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> EnvVarName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (!EnvVarNameRegex().IsMatch(value))
        {
            Add(ref errors, RegexError(EnvVarNameMessage, EnvVarNameFormat, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }

        AddChangeDirectoryPrefixErrors(value, ref errors);
        return errors ?? NoErrors;
    }

    /// <summary>Whether a name passes the strict rule of <see cref="EnvVarName(string)"/>, without building messages.</summary>
    /// <param name="value">The name.</param>
    /// <returns>Whether it is valid.</returns>
    internal static bool IsEnvVarName(string value) =>
        EnvVarNameRegex().IsMatch(value) && value != "." && !value.StartsWith("..", StringComparison.Ordinal);

    /// <summary>
    /// The relaxed environment-variable name rule (KEP-4369, <c>IsRelaxedEnvVarName</c>): non-empty, printable ASCII
    /// other than <c>=</c>.
    /// </summary>
    /// <param name="value">The name.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> RelaxedEnvVarName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List<string>? errors = null;
        if (value.Length == 0)
        {
            Add(ref errors, "environment variable name must be non-empty");
        }

        foreach (var c in value)
        {
            if (c < ' ' || c > '~' || c == '=')
            {
                Add(ref errors, RelaxedEnvVarNameMessage);
                break;
            }
        }

        return errors ?? NoErrors;
    }

    /// <summary>The environment-variable name rule of a mode.</summary>
    /// <param name="value">The name.</param>
    /// <param name="mode">The mode.</param>
    /// <returns>The problems.</returns>
    public static IReadOnlyList<string> EnvVarName(string value, EnvVarNameMode mode) =>
        mode == EnvVarNameMode.Strict ? EnvVarName(value) : RelaxedEnvVarName(value);

    private static readonly IReadOnlyList<string> NoErrors = [];

    // Valid names are the common case: they allocate nothing.
    private static void Add(ref List<string>? errors, string message) => (errors ??= []).Add(message);

    /// <summary>The length as Go counts it: UTF-8 bytes.</summary>
    internal static int GoLength(string value) => System.Text.Encoding.UTF8.GetByteCount(value);

    internal static string MaxLengthError(int length) =>
        string.Create(CultureInfo.InvariantCulture, $"must be no more than {length} characters");

    internal static string RegexError(string message, string format, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + format + "')";
        }

        // The spacing ("'key.name',  or") is apimachinery's, kept so that messages compare equal.
        var text = message + " (e.g. ";
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                text += " or ";
            }

            text += "'" + examples[i] + "', ";
        }

        return text + "regex used for validation is '" + format + "')";
    }

    private static void AddChangeDirectoryPrefixErrors(string value, ref List<string>? errors)
    {
        if (value == ".")
        {
            Add(ref errors, "must not be '.'");
        }
        else if (value == "..")
        {
            Add(ref errors, "must not be '..'");
        }
        else if (value.StartsWith("..", StringComparison.Ordinal))
        {
            Add(ref errors, "must not start with '..'");
        }
    }

    // The rules checked on every object (its name, its namespace, its keys) are matched by hand, as their regular
    // expressions would be: generated regular expressions call search code that the shipped build (ReadyToRun)
    // cannot precompile, compiled at run time in every run. NameRulesProperties checks them against the expressions.

    /// <summary>Whether <paramref name="value"/> matches <c>^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\z</c>.</summary>
    internal static bool IsDns1123Subdomain(string value)
    {
        var start = 0;
        while (true)
        {
            var dot = value.IndexOf('.', start);
            if (!IsDns1123Label(value.AsSpan(start, (dot < 0 ? value.Length : dot) - start)))
            {
                return false;
            }

            if (dot < 0)
            {
                return true;
            }

            start = dot + 1;
        }
    }

    /// <summary>Whether <paramref name="value"/> matches <c>^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z</c>.</summary>
    internal static bool IsDns1123Label(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || !IsLowerAlphanumeric(value[0]) || !IsLowerAlphanumeric(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c != '-' && !IsLowerAlphanumeric(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether <paramref name="value"/> matches <c>^[-._a-zA-Z0-9]+\z</c>.</summary>
    internal static bool IsConfigMapKey(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is not ('-' or '.' or '_' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');

    // \z, not $: Go's $ does not match before a trailing newline, .NET's does.
    [GeneratedRegex("^" + EnvVarNameFormat + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvVarNameRegex();
}
