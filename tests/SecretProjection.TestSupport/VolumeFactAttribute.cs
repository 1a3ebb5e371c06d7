using Xunit.Sdk;

namespace SecretProjection.TestSupport;

/// <summary>A fact of a volume test, skipped with its reason where it <see cref="RequiresRootAttribute"/> and the process is not root.</summary>
[XunitTestCaseDiscoverer("SecretProjection.TestSupport.VolumeFactDiscoverer", "SecretProjection.TestSupport")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class VolumeFactAttribute : FactAttribute;

/// <summary>A theory of a volume test, skipped as <see cref="VolumeFactAttribute"/>.</summary>
[XunitTestCaseDiscoverer("SecretProjection.TestSupport.VolumeTheoryDiscoverer", "SecretProjection.TestSupport")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class VolumeTheoryAttribute : TheoryAttribute;
