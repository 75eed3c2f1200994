using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace SampleAppHost.Tests;

/// <summary>
/// The sample AppHost's model in this worktree, built but never started: the backend gets exactly what `dotnet build`
/// wrote to the worktree's .env, its Redis connection string carries that number, and its URL is on BACKEND_PORT.
/// </summary>
public sealed class AppHostModelTests
{
    private static readonly string[] EnvironmentKeys = ["ENV_NAME", "DATABASE_MODE", "MONGODB_DATABASE", "REDIS_DATABASE", "PORT_OFFSET", "BACKEND_PORT", "WEBUI_PORT"];

    [Fact]
    public async Task The_backend_gets_this_worktrees_environment_as_its_env_file_says()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SampleAppHost>(
            ["ConnectionStrings:redis-server=redis.example:6379,password=not-shown", "ConnectionStrings:mongodb=mongodb://mongo.example:27017"]);
        var envFile = ReadEnvFile(Path.Combine(appHost.AppHostDirectory, "..", ".env"));
        var backend = appHost.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == "backend");

        var configuration = await ExecutionConfigurationBuilder.Create(backend)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), NullLogger.Instance, CancellationToken.None);
        var variables = configuration.EnvironmentVariables.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

        foreach (var key in EnvironmentKeys)
        {
            Assert.Equal(envFile[key], variables[key]);
        }
        Assert.Equal($"redis.example:6379,password=not-shown,defaultDatabase={envFile["REDIS_DATABASE"]}", variables["ConnectionStrings__redis"]);
        Assert.Equal("mongodb://mongo.example:27017", variables["ConnectionStrings__mongodb"]);
        var http = backend.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        Assert.Equal(int.Parse(envFile["BACKEND_PORT"]), http.Port);

        var ushadow = appHost.Resources.OfType<UshadowEnvironmentResource>().Single();
        Assert.Equal(envFile["ENV_NAME"], ushadow.EnvironmentName);
        Assert.All(ushadow.Values, value => Assert.False(string.IsNullOrEmpty(value.Source), value.Key + " has no source"));
    }

    private static Dictionary<string, string> ReadEnvFile(string path) =>
        File.ReadAllLines(path)
            .Where(line => line.Contains('=') && !line.TrimStart().StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
}
