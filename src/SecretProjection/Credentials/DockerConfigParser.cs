using System.Text.Json;
using SecretProjection.Model;
using SecretProjection.Validation;

namespace SecretProjection.Credentials;

/// <summary>
/// Reads the registry entries of a pull secret as the kubelet does (<c>secretsToTrackedDockerConfigs</c> in
/// <c>pkg/credentialprovider/secrets/secrets.go</c>, the JSON decoding of <c>config.go</c>): a
/// <c>kubernetes.io/dockerconfigjson</c> secret's <c>.dockerconfigjson</c> (<c>{"auths": {...}}</c>) or a
/// <c>kubernetes.io/dockercfg</c> secret's <c>.dockercfg</c> (the bare map); any other secret is not a
/// credential source and is skipped.
/// </summary>
/// <remarks>
/// Go's decoder rules are kept: field names match case-insensitively, unknown fields are ignored,
/// <c>null</c> leaves a field empty, a later duplicate wins, a wrongly typed field is an error, and
/// <c>auth</c> overrides <c>username</c>/<c>password</c>. Entries keep document order (the kubelet
/// iterates a Go map, whose order is random; only entries under the same keyring key are affected).
/// </remarks>
internal static class DockerConfigParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 10_000 };

    private static readonly string[] EntryFields = ["username", "password", "email", "auth"];

    /// <summary>Reads a secret.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="entries">The entries, in document order; entries whose registry Go's URL parser rejects are dropped.</param>
    /// <param name="error">The first problem, when the secret cannot be read.</param>
    /// <returns>Whether the secret is a credential source at all (type and non-empty key).</returns>
    public static bool TryRead(Secret secret, out IReadOnlyList<RegistryCredential> entries, out PullSecretError? error)
    {
        entries = [];
        error = null;
        bool wrapped;
        ReadOnlyMemory<byte> bytes;
        string key;
        if (secret.Type == SecretTypes.DockerConfigJson && secret.Data.TryGetValue(SecretTypes.DockerConfigJsonKey, out bytes) && bytes.Length > 0)
        {
            (wrapped, key) = (true, SecretTypes.DockerConfigJsonKey);
        }
        else if (secret.Type == SecretTypes.DockerConfig && secret.Data.TryGetValue(SecretTypes.DockerConfigKey, out bytes) && bytes.Length > 0)
        {
            (wrapped, key) = (false, SecretTypes.DockerConfigKey);
        }
        else
        {
            return false;
        }

        var reader = new Reader(secret.QualifiedName);
        entries = reader.Read(bytes, FieldPath.Root("data").Key(key), wrapped);
        error = reader.Error;
        return true;
    }

    private sealed class Reader(string secretName)
    {
        // The registries read so far. Like Go decoding into a map: a later duplicate registry replaces the
        // earlier entry (in the place of the first here), a second "auths" object adds to the first, and a
        // null "auths" empties the map.
        private readonly List<string> _order = [];
        private readonly Dictionary<string, RegistryCredential?> _byRegistry = new(StringComparer.Ordinal);

        public PullSecretError? Error { get; private set; }

        public IReadOnlyList<RegistryCredential> Read(ReadOnlyMemory<byte> bytes, FieldPath path, bool wrapped)
        {
            // Go's decoder rejects a byte-order mark; .NET's would skip it.
            if (bytes.Span.StartsWith("\uFEFF"u8))
            {
                Fail(PullSecretErrorKind.MalformedJson, path, "invalid character 'ï' looking for beginning of value");
                return [];
            }

            bytes = GoJsonText.Normalize(bytes);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(bytes, DocumentOptions);
            }
            catch (JsonException e)
            {
                // The reader's own message quotes input characters, which may be secret: say where only.
                Fail(PullSecretErrorKind.MalformedJson, path, $"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
                return [];
            }

            using (document)
            {
                var root = document.RootElement;
                if (!wrapped)
                {
                    ReadAuths(root, path, "json: cannot unmarshal {0} into Go value of type credentialprovider.DockerConfig");
                }
                else if (ExpectObject(root, path, "json: cannot unmarshal {0} into Go value of type credentialprovider.DockerConfigJSON"))
                {
                    foreach (var property in root.EnumerateObject())
                    {
                        if (property.Name.Equals("auths", StringComparison.OrdinalIgnoreCase))
                        {
                            ReadAuths(property.Value, path.Child("auths"), "json: cannot unmarshal {0} into Go struct field DockerConfigJSON.auths of type credentialprovider.DockerConfig");
                        }
                        else if (property.Name.Equals("HttpHeaders", StringComparison.OrdinalIgnoreCase))
                        {
                            CheckHeaders(property.Value, path.Child("HttpHeaders"));
                        }
                    }
                }

                return Error is null ? _order.Select(r => _byRegistry[r]).OfType<RegistryCredential>().ToList() : [];
            }
        }

        private void ReadAuths(JsonElement auths, FieldPath path, string typeError)
        {
            if (auths.ValueKind == JsonValueKind.Null)
            {
                _order.Clear();
                _byRegistry.Clear();
                return;
            }

            if (!ExpectObject(auths, path, typeError))
            {
                return;
            }

            foreach (var property in auths.EnumerateObject())
            {
                var entry = ReadEntry(property.Name, property.Value, path.Key(property.Name));
                if (Error is not null)
                {
                    return;
                }

                if (!_byRegistry.ContainsKey(property.Name))
                {
                    _order.Add(property.Name);
                }

                _byRegistry[property.Name] = entry;
            }
        }

        private RegistryCredential? ReadEntry(string registry, JsonElement value, FieldPath path)
        {
            // A null entry is decoded as an empty one: Go hands "null" to the entry's own decoder, which leaves it empty.
            if (value.ValueKind != JsonValueKind.Null && !ExpectObject(value, path, "json: cannot unmarshal {0} into Go value of type credentialprovider.dockerConfigEntryWithAuth"))
            {
                return null;
            }

            // Go matches field names case-insensitively; a later duplicate wins; null leaves the field as it was.
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var properties = value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : default;
            foreach (var property in properties)
            {
                var fieldName = Array.Find(EntryFields, f => f.Equals(property.Name, StringComparison.OrdinalIgnoreCase));
                if (fieldName is null || property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    Fail(PullSecretErrorKind.MalformedJson, path.Child(fieldName), $"json: cannot unmarshal {GoKind(property.Value)} into Go struct field dockerConfigEntryWithAuth.{fieldName} of type string");
                    return null;
                }

                fields[fieldName] = property.Value.GetString() ?? string.Empty;
            }

            var username = fields.GetValueOrDefault("username", string.Empty);
            var password = fields.GetValueOrDefault("password", string.Empty);
            var email = fields.GetValueOrDefault("email", string.Empty);
            var auth = fields.GetValueOrDefault("auth", string.Empty);
            if (auth.Length > 0)
            {
                if (DockerAuthField.TryDecode(auth, out username, out password, out var message) is { } kind)
                {
                    Fail(kind, path.Child("auth"), message);
                    return null;
                }
            }

            if (!RegistryUrl.TryGetKey(registry, out var key))
            {
                // The kubelet logs "Entry %q in dockercfg invalid" and goes on without it.
                return null;
            }

            return new RegistryCredential { Registry = registry, Key = key, Username = username, Password = password, Email = email, Secret = secretName };
        }

        private void CheckHeaders(JsonElement headers, FieldPath path)
        {
            if (!ExpectObject(headers, path, "json: cannot unmarshal {0} into Go struct field DockerConfigJSON.HttpHeaders of type map[string]string"))
            {
                return;
            }

            foreach (var header in headers.EnumerateObject())
            {
                if (header.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    Fail(PullSecretErrorKind.MalformedJson, path.Key(header.Name), $"json: cannot unmarshal {GoKind(header.Value)} into Go struct field DockerConfigJSON.HttpHeaders of type string");
                    return;
                }
            }
        }

        /// <summary>An object, or <c>null</c> (which Go leaves empty and this reports as not an object without failing).</summary>
        private bool ExpectObject(JsonElement element, FieldPath path, string typeError)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            if (element.ValueKind != JsonValueKind.Null)
            {
                Fail(PullSecretErrorKind.MalformedJson, path, string.Format(System.Globalization.CultureInfo.InvariantCulture, typeError, GoKind(element)));
            }

            return false;
        }

        private void Fail(PullSecretErrorKind kind, FieldPath path, string detail) =>
            Error ??= new PullSecretError(secretName, kind, new FieldError(FieldErrorType.Invalid, path.ToString(), detail));

        private static string GoKind(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            _ => "bool",
        };
    }
}
