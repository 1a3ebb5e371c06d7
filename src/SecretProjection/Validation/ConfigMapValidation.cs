using SecretProjection.Model;

namespace SecretProjection.Validation;

/// <summary>What the API server checks when a ConfigMap is created (<c>ValidateConfigMap</c>).</summary>
public static class ConfigMapValidation
{
    /// <summary>Validates a ConfigMap.</summary>
    /// <param name="configMap">The ConfigMap.</param>
    /// <returns>The problems; empty when valid.</returns>
    public static IReadOnlyList<FieldError> Validate(ConfigMap configMap)
    {
        ArgumentNullException.ThrowIfNull(configMap);
        var errors = ErrorScratch.Take();
        ObjectMetaRules.Validate(configMap.Name, configMap.Namespace, errors);
        long total = 0;
        foreach (var (key, value) in configMap.Data.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var path = FieldPath.Root("data").Key(key);
            foreach (var message in NameRules.ConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(path, key, message));
            }

            if (configMap.BinaryData.ContainsKey(key))
            {
                errors.Add(FieldError.Invalid(path, key, "duplicate of key present in binaryData"));
            }

            total += NameRules.GoLength(value);
        }

        foreach (var key in configMap.BinaryData.Keys)
        {
            foreach (var message in NameRules.ConfigMapKey(key))
            {
                errors.Add(FieldError.Invalid(FieldPath.Root("binaryData").Key(key), key, message));
            }
        }

        total += configMap.BinaryData.TotalBytes;
        if (total > SecretTypes.MaxSize)
        {
            // The API server reports this against the whole object, with an empty path.
            errors.Add(new FieldError(FieldErrorType.TooLong, string.Empty, FieldError.TooLong(FieldPath.Root(string.Empty), SecretTypes.MaxSize).Detail));
        }

        return ErrorScratch.Finish(errors);
    }
}
