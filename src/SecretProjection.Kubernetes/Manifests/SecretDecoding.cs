using k8s.Models;
using SecretProjection.Kubernetes.Mapping;
using SecretProjection.Model;

namespace SecretProjection.Kubernetes.Manifests;

/// <summary>
/// Reads a Secret into the model straight from its events, field by field as <see cref="V1Secret"/> and
/// <see cref="V1ObjectMeta"/> name them, so with the same checks, warnings and errors as
/// <see cref="ObjectDecoder.Decode{T}"/>; but without KubernetesClient's objects, which a large input would make
/// and drop once per Secret. The fields the model does not keep are read and checked all the same.
/// </summary>
internal static class SecretDecoding
{
    private static readonly TypeShape SecretShape = TypeShape.For(typeof(V1Secret));
    private static readonly TypeShape MetadataShape = TypeShape.For(typeof(V1ObjectMeta));

    /// <summary>Reads the Secret at <paramref name="index"/>, in namespace <paramref name="ns"/>.</summary>
    public static Secret Read(ObjectDecoder decoder, int index, string ns)
    {
        var secret = default(KubernetesModelMapper.SecretFields);
        var metadata = default(KubernetesModelMapper.MetadataFields);
        if (decoder.TryObject(index, out var entries))
        {
            for (var e = entries.Start; e < entries.End; e++)
            {
                var entry = decoder.EntryAt(e);
                if (decoder.Field(SecretShape, entry) is not { } field)
                {
                    continue;
                }

                if (field.Name == "metadata")
                {
                    metadata = ReadMetadata(decoder, entry);
                    continue;
                }

                if (field.Name == "data")
                {
                    secret = secret with { Data = decoder.Pairs<byte[]>(field, entry) };
                    continue;
                }

                var value = decoder.Value(field, entry);
                secret = field.Name switch
                {
                    "type" => secret with { Type = (string?)value },
                    "stringData" => secret with { StringData = (IDictionary<string, string>?)value },
                    "immutable" => secret with { Immutable = value is true },
                    _ => secret,
                };
            }

            decoder.Release(entries);
        }

        return KubernetesModelMapper.ToSecret(secret, metadata with { Namespace = ns });
    }

    private static KubernetesModelMapper.MetadataFields ReadMetadata(ObjectDecoder decoder, ObjectDecoder.Entry metadataEntry)
    {
        var metadata = default(KubernetesModelMapper.MetadataFields);
        decoder.EnterField(metadataEntry.Key);
        if (decoder.TryObject(metadataEntry.ValueIndex, out var entries))
        {
            for (var e = entries.Start; e < entries.End; e++)
            {
                var entry = decoder.EntryAt(e);
                if (decoder.Field(MetadataShape, entry) is not { } field)
                {
                    continue;
                }

                var value = decoder.Value(field, entry);
                metadata = field.Name switch
                {
                    "name" => metadata with { Name = (string?)value },
                    "uid" => metadata with { Uid = (string?)value },
                    "resourceVersion" => metadata with { ResourceVersion = (string?)value },
                    "annotations" => metadata with { Annotations = (IDictionary<string, string>?)value },
                    _ => metadata,
                };
            }

            decoder.Release(entries);
        }

        decoder.LeaveField();
        return metadata;
    }
}
