using Ushadow.Core.Shared;

namespace Ushadow.Core.Inputs;

/// <summary>Everything one resolution needs from its host (MSBuild, the CLI or a test).</summary>
internal sealed record ProvisionRequest
{
    /// <summary>The consuming project's folder; the environment root is searched upward from it.</summary>
    public required string ProjectDirectory { get; init; }

    /// <summary>The process environment variables (only <see cref="VariableNames.BuildInputs"/> are read).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>The MSBuild properties.</summary>
    public BuildProperties Properties { get; init; } = new();

    /// <summary>
    /// <c>false</c> in design-time (IDE) builds: resolve and report values, but write no file and take no
    /// Redis number for good.
    /// </summary>
    public bool WriteFiles { get; init; } = true;

    /// <summary>How long to wait for another build's registry lock.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether TCP port n is in use right now: a port block with a port in use is skipped when allocating (a parameter so tests decide).</summary>
    public Func<int, bool> PortInUse { get; init; } = Registry.PortProbe.InUse;

    /// <summary>Now, for the registry's <c>updated_at</c> (a parameter so tests are deterministic).</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The variables of <see cref="VariableNames.BuildInputs"/> from <paramref name="getVariable"/> (the build's and the tool's process environment).</summary>
    public static IReadOnlyDictionary<string, string> ReadVariables(Func<string, string?> getVariable)
    {
        // A loop, not LINQ over (name, value) tuples: those generic instantiations are JIT compiled in every build.
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in VariableNames.BuildInputs)
        {
            if (getVariable(name) is { } value)
            {
                variables.Add(name, value);
            }
        }
        return variables;
    }

    /// <summary>A variable's value, <c>null</c> when unset or empty.</summary>
    public string? Variable(string name) => Variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
