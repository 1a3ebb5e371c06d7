using System.Text.Json;
using SecretProjection.Model;

namespace SecretProjection.Validation;

/// <summary>
/// What the API server checks when a Secret is created or updated (<c>ValidateSecret</c>,
/// <c>ValidateSecretUpdate</c>). Every problem is returned at once; nothing throws on any input.
/// </summary>
public static class SecretValidation
{
    /// <summary>The value printed in place of secret bytes, as the API server does.</summary>
    public const string RedactedValue = "<secret contents redacted>";

    private const string ImmutableMessage = "field is immutable when `immutable` is set";

    private static readonly FieldPath DataPath = FieldPath.Root("data");

    /// <summary>Validates a Secret as the API server does on create.</summary>
    /// <param name="secret">The Secret.</param>
    /// <returns>The problems; empty when valid.</returns>
    public static IReadOnlyList<FieldError> Validate(Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var errors = ErrorScratch.Take();
        ObjectMetaRules.Validate(secret.Name, secret.Namespace, errors);

        for (var i = 0; i < secret.Data.Count; i++)
        {
            var key = secret.Data.KeyAt(i);
            foreach (var message in NameRules.ConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(DataPath.Key(key), key, message));
            }
        }

        if (secret.Data.TotalBytes > SecretTypes.MaxSize)
        {
            errors.Add(FieldError.TooLong(DataPath, SecretTypes.MaxSize));
        }

        ValidateType(secret, errors);
        return ErrorScratch.Finish(errors);
    }

    /// <summary>
    /// Validates an update as the API server does: the type never changes; an immutable Secret stays immutable
    /// and keeps its data. The updated Secret is validated as on create too.
    /// </summary>
    /// <param name="updated">The new object.</param>
    /// <param name="previous">The stored object.</param>
    /// <returns>The problems; empty when valid.</returns>
    public static IReadOnlyList<FieldError> ValidateUpdate(Secret updated, Secret previous)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentNullException.ThrowIfNull(previous);
        var errors = new List<FieldError>();
        if (!string.Equals(updated.Name, previous.Name, StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "name"), updated.Name, "field is immutable"));
        }

        if (!string.Equals(updated.Namespace, previous.Namespace, StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("metadata", "namespace"), updated.Namespace, "field is immutable"));
        }

        if (!string.Equals(updated.Type, previous.Type, StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("type"), updated.Type, "field is immutable"));
        }

        if (previous.Immutable)
        {
            if (!updated.Immutable)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("immutable"), ImmutableMessage));
            }

            if (!updated.Data.Equals(previous.Data))
            {
                errors.Add(FieldError.Forbidden(DataPath, ImmutableMessage));
            }
        }

        errors.AddRange(Validate(updated));
        return errors;
    }

    private static void ValidateType(Secret secret, List<FieldError> errors)
    {
        switch (secret.Type)
        {
            case SecretTypes.ServiceAccountToken:
                if (!secret.Annotations.TryGetValue(SecretTypes.ServiceAccountNameAnnotation, out var account) || account.Length == 0)
                {
                    errors.Add(FieldError.Required(FieldPath.Root("metadata", "annotations").Key(SecretTypes.ServiceAccountNameAnnotation)));
                }

                break;
            case SecretTypes.DockerConfig:
                RequireJson(secret.Data, SecretTypes.DockerConfigKey, errors);
                break;
            case SecretTypes.DockerConfigJson:
                RequireJson(secret.Data, SecretTypes.DockerConfigJsonKey, errors);
                break;
            case SecretTypes.BasicAuth:
                // Either may be empty, but one of the two keys must be present.
                if (!secret.Data.ContainsKey(SecretTypes.BasicAuthUsernameKey) && !secret.Data.ContainsKey(SecretTypes.BasicAuthPasswordKey))
                {
                    errors.Add(FieldError.Required(DataPath.Key(SecretTypes.BasicAuthUsernameKey)));
                    errors.Add(FieldError.Required(DataPath.Key(SecretTypes.BasicAuthPasswordKey)));
                }

                break;
            case SecretTypes.SshAuth:
                if (!secret.Data.TryGetValue(SecretTypes.SshPrivateKey, out var key) || key.Length == 0)
                {
                    errors.Add(FieldError.Required(DataPath.Key(SecretTypes.SshPrivateKey)));
                }

                break;
            case SecretTypes.Tls:
                if (!secret.Data.ContainsKey(SecretTypes.TlsCertKey))
                {
                    errors.Add(FieldError.Required(DataPath.Key(SecretTypes.TlsCertKey)));
                }

                if (!secret.Data.ContainsKey(SecretTypes.TlsPrivateKeyKey))
                {
                    errors.Add(FieldError.Required(DataPath.Key(SecretTypes.TlsPrivateKeyKey)));
                }

                break;
            default:
                // Opaque, bootstrap tokens and user-defined types have no required keys.
                break;
        }
    }

    private static void RequireJson(DataMap data, string key, List<FieldError> errors)
    {
        if (!data.TryGetValue(key, out var bytes))
        {
            errors.Add(FieldError.Required(DataPath.Key(key)));
            return;
        }

        if (JsonObjectProblem(bytes.Span) is { } problem)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, DataPath.Key(key).ToString(), problem, FieldError.Quote(RedactedValue)));
        }
    }

    /// <summary>
    /// Why bytes do not decode as Go's <c>json.Unmarshal</c> into a map would accept them, or <see langword="null"/>.
    /// The message never quotes the bytes themselves.
    /// </summary>
    internal static string? JsonObjectProblem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read())
            {
                return EndOfInput;
            }

            var kind = reader.TokenType switch
            {
                JsonTokenType.StartObject or JsonTokenType.Null => null,
                JsonTokenType.StartArray => "array",
                JsonTokenType.String => "string",
                JsonTokenType.Number => "number",
                _ => "bool",
            };

            reader.Skip();
            while (reader.Read())
            {
                // Drains the input so that trailing garbage is reported.
            }

            return kind is null ? null : "json: cannot unmarshal " + kind + " into Go value of type map[string]interface {}";
        }
        catch (JsonException e)
        {
            // Go reports input that stops early as "unexpected end of JSON input".
            if (json[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty)
            {
                return EndOfInput;
            }

            return e.BytePositionInLine is { } position
                ? $"invalid JSON at line {e.LineNumber + 1}, byte {position + 1}"
                : "invalid JSON";
        }
    }

    private const string EndOfInput = "unexpected end of JSON input";
}
