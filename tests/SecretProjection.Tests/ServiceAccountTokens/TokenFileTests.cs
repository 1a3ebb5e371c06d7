using SecretProjection.Model;
using SecretProjection.ServiceAccountTokens;

namespace SecretProjection.Tests.ServiceAccountTokens;

public class TokenFileTests
{
    private const int DefaultMode = 0x1A4; // 0644
    private const int OwnerOnly = 0x180; // 0600

    private static Pod PodWith(PodSecurityContext security, params long?[] containerUsers) => new()
    {
        Name = "p",
        Uid = "uid-1",
        SecurityContext = security,
        Containers = containerUsers.Select((user, i) => new Container { Name = "c" + i, SecurityContext = new ContainerSecurityContext { RunAsUser = user } }).ToArray(),
    };

    // projected.go: the default mode, or 0600 with an owner when the pod has an fsGroup or a single run-as user.
    [Fact]
    public void Without_fsGroup_or_user_the_token_has_the_volumes_default_mode()
    {
        var file = TokenFile.For("t", PodWith(PodSecurityContext.None, [null]), DefaultMode);
        Assert.Equal(DefaultMode, file.Mode);
        Assert.Null(file.User);
        Assert.Equal("t"u8.ToArray(), file.Data.ToArray());
        Assert.Equal(0x1C0, TokenFile.For("t", PodWith(PodSecurityContext.None, [null]), 0x1C0).Mode);
    }

    [Fact]
    public void An_fsGroup_makes_it_0600_for_the_group_bits_to_be_added()
    {
        var file = TokenFile.For("t", PodWith(new PodSecurityContext { FsGroup = 2000 }, [null]), DefaultMode);
        Assert.Equal(OwnerOnly, file.Mode);
        Assert.Null(file.User);
    }

    [Fact]
    public void A_single_run_as_user_owns_it_with_0600()
    {
        var file = TokenFile.For("t", PodWith(new PodSecurityContext { RunAsUser = 1000 }, [null, 1000]), DefaultMode);
        Assert.Equal(OwnerOnly, file.Mode);
        Assert.Equal(1000, file.User);
    }

    // FsUserFrom: every container, init and ephemeral included, must name the same user.
    [Fact]
    public void FsUserFrom()
    {
        Assert.Equal(1000, TokenFile.FsUser(PodWith(new PodSecurityContext { RunAsUser = 1000 }, [null, null])));
        Assert.Equal(7, TokenFile.FsUser(PodWith(PodSecurityContext.None, [7, 7])));
        Assert.Null(TokenFile.FsUser(PodWith(PodSecurityContext.None, [7, 8])));
        Assert.Null(TokenFile.FsUser(PodWith(PodSecurityContext.None, [7, null])));
        Assert.Null(TokenFile.FsUser(PodWith(new PodSecurityContext { RunAsUser = 1000 })));
        var withInit = PodWith(new PodSecurityContext { RunAsUser = 1000 }, [null]) with { InitContainers = [new Container { Name = "i", SecurityContext = new ContainerSecurityContext { RunAsUser = 0 } }] };
        Assert.Null(TokenFile.FsUser(withInit));
        var withEphemeral = PodWith(PodSecurityContext.None, [5]) with { EphemeralContainers = [new Container { Name = "debug" }] };
        Assert.Null(TokenFile.FsUser(withEphemeral));
    }

    [Fact]
    public void The_request_is_bound_to_the_pod_with_the_projections_audience_and_lifetime()
    {
        var pod = PodWith(PodSecurityContext.None, [null]);
        var spec = TokenRequestSpec.For(new ServiceAccountTokenProjection { Path = "token", Audience = "vault" }, pod);
        Assert.Equal(["vault"], spec.Audiences!);
        Assert.Equal(3600, spec.ExpirationSeconds);
        Assert.Equal(new BoundObjectReference("Pod", "v1", "p", "uid-1"), spec.BoundObjectRef);
        Assert.Null(TokenRequestSpec.For(new ServiceAccountTokenProjection { Path = "token" }, pod).Audiences);
    }
}
