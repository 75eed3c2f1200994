using Ushadow.Core.Diagnostics;
using Ushadow.Core.Registry;

namespace Ushadow.Core.Secrets;

/// <summary>One admin field of one environment that differs from the new launcher setting. Never carries a value.</summary>
/// <param name="Environment">The registry entry.</param>
/// <param name="SecretsFile">Its <c>config/SECRETS/secrets.yaml</c>.</param>
/// <param name="Field">The field under <c>admin</c>: <c>email</c>, <c>name</c> or <c>password</c>.</param>
/// <param name="State">Whether it is brought in line or kept.</param>
/// <param name="Problem">Why the file cannot be read, for <see cref="AdminSecretState.Unreadable"/>.</param>
internal sealed record AdminSecretDifference(RegisteredEnvironment Environment, string SecretsFile, string Field, AdminSecretState State, UshadowDiagnostic? Problem = null);
