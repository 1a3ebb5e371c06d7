namespace SecretProjection.Validation;

/// <summary>The <c>metadata</c> checks shared by every namespaced object (<c>ValidateObjectMeta</c>).</summary>
internal static class ObjectMetaRules
{
    private static readonly FieldPath Metadata = FieldPath.Root("metadata");

    public static void Validate(string name, string @namespace, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required(Metadata.Child("name"), "name or generateName is required"));
        }
        else
        {
            foreach (var message in NameRules.Dns1123Subdomain(name))
            {
                errors.Add(FieldError.Invalid(Metadata.Child("name"), name, message));
            }
        }

        if (string.IsNullOrEmpty(@namespace))
        {
            errors.Add(FieldError.Required(Metadata.Child("namespace")));
        }
        else
        {
            foreach (var message in NameRules.Dns1123Label(@namespace))
            {
                errors.Add(FieldError.Invalid(Metadata.Child("namespace"), @namespace, message));
            }
        }
    }
}
