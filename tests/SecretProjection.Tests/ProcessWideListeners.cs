namespace SecretProjection.Tests;

/// <summary>
/// Tests that listen to something the whole process shares (an <c>ActivityListener</c> hears the spans of every test
/// running at the same time): they run alone, never beside another test, so what they hear is their own.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideListeners
{
    public const string Name = "Process-wide listeners";
}
