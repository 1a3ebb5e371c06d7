using SecretProjection.Validation;

namespace SecretProjection.Tests.Validation;

public class FieldPathTests
{
    [Fact]
    public void Prints_children_indices_and_keys_as_the_api_server_does()
    {
        var path = FieldPath.Root("spec").Child("volumes").Index(0).Child("secret").Child("items").Index(1).Child("path");
        Assert.Equal("spec.volumes[0].secret.items[1].path", path.ToString());
        Assert.Equal("data[bad key]", FieldPath.Root("data").Key("bad key").ToString());
        Assert.Equal("metadata.annotations[kubernetes.io/service-account.name]", FieldPath.Root("metadata", "annotations").Key("kubernetes.io/service-account.name").ToString());
    }
}
