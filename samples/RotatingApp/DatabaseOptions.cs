namespace RotatingApp;

/// <summary>The file <c>Database__ConnectionString</c> of the Secret volume.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    public string ConnectionString { get; set; } = string.Empty;
}
