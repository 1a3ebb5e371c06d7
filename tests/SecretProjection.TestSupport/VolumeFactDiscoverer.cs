using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SecretProjection.TestSupport;

/// <summary>
/// Discovers <see cref="VolumeFactAttribute"/> and <see cref="VolumeTheoryAttribute"/> tests; xunit 2 cannot skip at
/// run time, so a test that <see cref="RequiresRootAttribute"/> is turned into a skipped one here when not root.
/// </summary>
public abstract class VolumeDiscoverer(IMessageSink diagnosticMessageSink, IXunitTestCaseDiscoverer inner) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var requirement = testMethod.Method.ToRuntimeMethod().GetCustomAttribute<RequiresRootAttribute>()
            ?? testMethod.TestClass.Class.ToRuntimeType().GetCustomAttribute<RequiresRootAttribute>();
        if (requirement is not null && !System.Environment.IsPrivilegedProcess)
        {
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, "not root: " + requirement.Reason)];
        }

        return inner.Discover(discoveryOptions, testMethod, factAttribute);
    }
}

/// <summary>The discoverer of <see cref="VolumeFactAttribute"/>.</summary>
public sealed class VolumeFactDiscoverer(IMessageSink sink) : VolumeDiscoverer(sink, new FactDiscoverer(sink));

/// <summary>The discoverer of <see cref="VolumeTheoryAttribute"/>.</summary>
public sealed class VolumeTheoryDiscoverer(IMessageSink sink) : VolumeDiscoverer(sink, new TheoryDiscoverer(sink));
