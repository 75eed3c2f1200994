using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ushadow.Core.Inputs;
using Ushadow.Core.Shared;

namespace Ushadow.Core.Tests.Inputs;

/// <summary>
/// The shipped targets hand the task and the incremental fingerprint one list of inputs: a property that reached the task
/// but not the fingerprint would leave a stale build after it changed, and the reverse would run the task for nothing.
/// </summary>
public sealed partial class InputListTests
{
    private static readonly XDocument Targets = XDocument.Load(Path.Combine(
        typeof(InputListTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "src", "Ushadow.Build", "build", "Ushadow.Build.targets"));

    private static XElement Target(string name) => Targets.Root!.Elements("Target").Single(t => (string?)t.Attribute("Name") == name);

    private static IReadOnlyList<XElement> Items(string item) => Target("_UshadowWriteInputs").Descendants(item).ToList();

    [Fact]
    public void The_targets_declare_each_property_the_core_reads_once_in_its_order()
    {
        var declared = Items("_UshadowProperty").Select(p => (string)p.Attribute("Include")!).ToList();

        Assert.Equal(BuildProperties.Names, declared);
        foreach (var property in Items("_UshadowProperty"))
        {
            Assert.Equal($"$({property.Attribute("Include")!.Value})", (string?)property.Attribute("Value"));
        }
    }

    [Fact]
    public void The_task_gets_its_properties_from_that_list_and_nothing_else()
    {
        var call = Target("_UshadowRun").Elements("ResolveUshadowEnvironment").Single();

        Assert.Equal("@(_UshadowProperty)", (string?)call.Attribute("Properties"));
        // Every other parameter is the build's own, never a setting: a setting passed here would bypass the fingerprint.
        Assert.Equal(["ProjectDirectory", "WriteFiles", "ResolvedValuesFile", "Properties"], call.Attributes().Select(a => a.Name.LocalName));
        Assert.DoesNotMatch(UshadowProperty(), string.Join(" ", call.Attributes().Where(a => a.Name != "Properties").Select(a => a.Value)));
    }

    [Fact]
    public void The_fingerprint_takes_every_property_of_that_list_and_a_secret_one_as_a_hash_only()
    {
        var lines = Items("_UshadowInputLine").Select(l => (string)l.Attribute("Include")!).ToList();
        var secret = Items("_UshadowProperty").Where(p => (string?)p.Attribute("Secret") == "true").Select(p => p.Attribute("Include")!.Value).ToList();

        Assert.Contains("@(_UshadowProperty->WithMetadataValue('Secret', '')->'%(Identity)=%(Value)')", lines);
        foreach (var name in secret)
        {
            Assert.Single(lines, l => l == $"{name}#=$([MSBuild]::StableStringHash('$({name})'))");
        }
        // No property reaches the fingerprint outside the list (its secret ones only as their hash line).
        var outside = lines.SelectMany(l => UshadowProperty().Matches(l).Select(m => m.Groups[1].Value)).Except(secret);
        Assert.Empty(outside);
    }

    [Fact]
    public void The_fingerprint_reads_every_variable_the_core_reads_and_no_other()
    {
        var lines = Items("_UshadowInputLine").Select(l => (string)l.Attribute("Include")!).ToList();
        var read = lines.SelectMany(l => Variable().Matches(l).Select(m => m.Groups[1].Value)).ToList();

        Assert.Equal(VariableNames.BuildInputs.Order(StringComparer.Ordinal), read.Order(StringComparer.Ordinal));
        // The registry URL may hold a password: only its hash is fingerprinted.
        Assert.Contains(lines, l => l.StartsWith(VariableNames.Registry + "#=$([MSBuild]::StableStringHash(", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"\$\((Ushadow[A-Za-z]+)\)")]
    private static partial Regex UshadowProperty();

    [GeneratedRegex(@"GetEnvironmentVariable\('([A-Za-z_]+)'\)")]
    private static partial Regex Variable();
}
