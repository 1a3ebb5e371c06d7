namespace SecretProjection.TestSupport;

/// <summary>Marks a test class or method whose tests need root (mount, chown); they are skipped, with this reason, otherwise.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class RequiresRootAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}
