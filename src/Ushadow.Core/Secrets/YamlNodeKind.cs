namespace Ushadow.Core.Secrets;

/// <summary>The kinds of node a YAML document is built from.</summary>
internal enum YamlNodeKind
{
    Scalar,
    Alias,
    Mapping,
    Sequence,
}
