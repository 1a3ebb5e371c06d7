namespace SecretProjection.Text;

/// <summary>apimachinery's error aggregate (<c>utilerrors.NewAggregate</c>), as its <c>Error()</c> reads.</summary>
internal static class GoErrors
{
    /// <summary>
    /// One message as it is; several as <c>[a, b]</c>, each distinct message once, in order.
    /// </summary>
    /// <param name="messages">The messages.</param>
    /// <returns>The aggregate message, or <see langword="null"/> for none.</returns>
    public static string? Aggregate(IReadOnlyList<string> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return null;
        }

        if (messages.Count == 1)
        {
            return messages[0];
        }

        var distinct = messages.Distinct(StringComparer.Ordinal).ToArray();
        return distinct.Length == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }
}
