using SecretProjection.Credentials;
using SecretProjection.Model;
using SecretProjection.Sources;

namespace SecretProjection.Tests.Credentials;

public class PullAuthResolverTests
{
    private static readonly Secret ShopRegistry = PullSecrets.ConfigJson("shop-registry", """{"auths": {"registry.example.com": {"auth": "c2hvcDpwdzE="}}}""", "shop"); // shop:pw1

    private static readonly Secret Hub = PullSecrets.Cfg("hub", """{"https://index.docker.io/v1/": {"username": "hubuser", "password": "pw2"}}""", "shop");

    private static Pod Pod(params string[] pullSecrets) => new()
    {
        Name = "web",
        Namespace = "shop",
        ImagePullSecrets = pullSecrets,
        ServiceAccountName = "builder",
        InitContainers = [new Container { Name = "migrate", Image = "registry.example.com/shop/migrate:1.0" }],
        Containers = [new Container { Name = "app", Image = "nginx:1.27" }],
        EphemeralContainers = [new Container { Name = "debug", Image = "busybox" }],
    };

    private static readonly ServiceAccount Builder = new() { Name = "builder", Namespace = "shop", ImagePullSecrets = ["hub"] };

    private static readonly ObjectSnapshot Objects = new([ShopRegistry, Hub]);

    [Fact]
    public void Looks_up_every_container_image_in_start_order()
    {
        var result = PullAuthResolver.Resolve(Pod("shop-registry", "hub"), Objects);
        Assert.Equal(PullSecretSource.Pod, result.Source);
        Assert.Equal(
            [("migrate", ContainerKind.Init, "registry.example.com/shop/migrate", "shop"), ("app", ContainerKind.Regular, "docker.io/library/nginx", "hubuser"), ("debug", ContainerKind.Ephemeral, "docker.io/library/busybox", "hubuser")],
            result.Images.Select(i => (i.Container, i.Kind, i.Repository, Assert.Single(i.Matches).Username)));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Service_account_pull_secrets_apply_only_when_the_pod_lists_none()
    {
        var withOwn = PullAuthResolver.Resolve(Pod("shop-registry"), Objects, Builder);
        Assert.Equal(PullSecretSource.Pod, withOwn.Source);
        Assert.Equal(["shop-registry"], withOwn.PullSecrets);
        Assert.Empty(withOwn.Images[1].Matches);

        var without = PullAuthResolver.Resolve(Pod(), Objects, Builder);
        Assert.Equal(PullSecretSource.ServiceAccount, without.Source);
        Assert.Equal(["hub"], without.PullSecrets);
        Assert.Equal("hubuser", Assert.Single(without.Images[1].Matches).Username);
        Assert.Empty(without.Images[0].Matches);

        Assert.Equal(PullSecretSource.None, PullAuthResolver.Resolve(Pod(), Objects).Source);
    }

    [Fact]
    public void A_missing_pull_secret_is_a_warning_and_the_rest_still_apply()
    {
        var result = PullAuthResolver.Resolve(Pod("gone", "shop-registry", "", "also-gone"), Objects);
        var warning = Assert.Single(result.Events);
        Assert.Equal(("Warning", "FailedToRetrieveImagePullSecret", "Unable to retrieve some image pull secrets (gone, also-gone); attempting to pull the image may not succeed."), (warning.Type, warning.Reason, warning.Message));
        Assert.Equal(["gone", "shop-registry", "also-gone"], result.PullSecrets);
        Assert.Equal("shop", Assert.Single(result.Images[0].Matches).Username);
        Assert.All(result.Images, i => Assert.Null(i.Error));
    }

    [Fact]
    public void An_unreadable_pull_secret_fails_every_pull_with_its_name_and_field()
    {
        var broken = PullSecrets.ConfigJson("broken", """{"auths": {"registry.example.com": {"auth": "bm9jb2xvbg=="}}}""", "shop");
        var result = PullAuthResolver.Resolve(Pod("shop-registry", "broken"), new ObjectSnapshot([ShopRegistry, broken]));
        Assert.Equal(PullSecretErrorKind.AuthWithoutColon, Assert.Single(result.Errors).Kind);
        Assert.All(result.Images, i => Assert.Equal(
            ("InvalidPullSecret", "secret \"shop/broken\": data[.dockerconfigjson].auths[registry.example.com].auth: Invalid value: unable to parse auth field, must be formatted as base64(username:password)"),
            (i.Error?.Reason, i.Error?.Message)));
        Assert.All(result.Images, i => Assert.Empty(i.Matches));
    }

    [Fact]
    public void An_invalid_image_name_is_reported_as_the_kubelet_does()
    {
        var result = PullAuthResolver.Resolve(Pod("shop-registry"), Objects, image: "Registry.example.com/Shop");
        var image = Assert.Single(result.Images);
        Assert.Null(image.Container);
        Assert.Equal(
            ("InvalidImageName", "Failed to apply default image tag \"Registry.example.com/Shop\": couldn't parse image reference \"Registry.example.com/Shop\": invalid reference format: repository name (Shop) must be lowercase"),
            (image.Error?.Reason, image.Error?.Message));
    }

    [Fact]
    public void One_image_can_be_asked_about()
    {
        var image = Assert.Single(PullAuthResolver.Resolve(Pod("shop-registry"), Objects, image: "registry.example.com/other:1").Images);
        Assert.Equal(("registry.example.com/other", "shop"), (image.Repository, Assert.Single(image.Matches).Username));
    }

    [Fact]
    public void Localhost_images_get_Docker_Hub_credentials_as_upstream_gives_them()
    {
        // isDefaultRegistryMatch sees a first component without '.' or ':' ("localhost") as Docker Hub.
        var image = Assert.Single(PullAuthResolver.Resolve(Pod("hub"), Objects, image: "localhost/tools/debug").Images);
        Assert.Equal(("localhost/tools/debug", "hubuser"), (image.Repository, Assert.Single(image.Matches).Username));
        Assert.Empty(Assert.Single(PullAuthResolver.Resolve(Pod("hub"), Objects, image: "localhost:5000/tools/debug").Images).Matches);
    }

    [Fact]
    public void Printing_the_result_shows_no_user_name_or_password()
    {
        var result = PullAuthResolver.Resolve(Pod("shop-registry", "hub"), Objects);
        var text = result + string.Join(",", result.Images) + string.Join(",", result.Images.SelectMany(i => i.Matches));
        Assert.Contains("index.docker.io", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hubuser", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw2", text, StringComparison.Ordinal);
    }
}
