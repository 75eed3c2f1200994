namespace Ushadow.Build.Generator;

/// <summary>What the compilation references, as plain values: each runtime package adds its bridge, each library without its package a stub.</summary>
/// <param name="Hosting">Ushadow.Hosting: the bridge (<c>Current</c>, <c>Resolve</c>, <c>AddUshadow</c>) instead of the stubs.</param>
/// <param name="HostingMongoDB">Ushadow.Hosting.MongoDB: the MongoDB bridge members.</param>
/// <param name="HostingRedis">Ushadow.Hosting.Redis: the Redis bridge members.</param>
/// <param name="MongoDriver">MongoDB.Driver: without Ushadow.Hosting.MongoDB, stubs that name that package.</param>
/// <param name="StackExchangeRedis">StackExchange.Redis: without Ushadow.Hosting.Redis, stubs that name that package.</param>
/// <param name="HostingAbstractions">Microsoft.Extensions.Hosting.Abstractions 8.0 or later: without Ushadow.Hosting, an <c>AddUshadow</c> stub.</param>
/// <param name="GlobalUsings">C# 10 or later: the run-time type names (<c>UshadowDatabaseMode</c>, ...) reach every file as global aliases.</param>
/// <param name="AspireHosting">Ushadow.Aspire.Hosting (an Aspire AppHost): <c>AddUshadowEnvironment()</c> with the values and their sources.</param>
internal sealed record ReferencedLibraries(
    bool Hosting, bool HostingMongoDB, bool HostingRedis, bool MongoDriver, bool StackExchangeRedis, bool HostingAbstractions, bool GlobalUsings, bool AspireHosting = false);
