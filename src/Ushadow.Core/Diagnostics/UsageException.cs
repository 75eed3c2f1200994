namespace Ushadow.Core.Diagnostics;

/// <summary>
/// A request that parses but cannot be meant as typed (a <c>--project</c> that is no file, <c>--env</c> on a global
/// setting): the tool's usage error, exit 2, as opposed to a refusal with a <c>USH</c> code.
/// </summary>
internal sealed class UsageException(string message) : Exception(message);
