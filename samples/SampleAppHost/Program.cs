// The sample backend under .NET Aspire, in this worktree's Ushadow environment: its own Redis database on the team's one
// server, the shared (or its own isolated) MongoDB database, and a URL on its own port, BACKEND_PORT. Run the AppHost in
// two worktrees at once and neither their data nor their ports collide.
var builder = DistributedApplication.CreateBuilder(args);

// The values `dotnet build` resolved for this worktree (and wrote to its .env), with where each came from.
var ushadow = builder.AddUshadowEnvironment();

// The team's one Redis server (ConnectionStrings:redis-server) and this environment's database on it; the backend reads
// ConnectionStrings:redis. The team's one MongoDB server: the database name comes from MONGODB_DATABASE.
var redis = ushadow.AddRedisDatabase("redis", builder.AddConnectionString("redis-server"));
var mongodb = builder.AddConnectionString("mongodb");

builder.AddProject<Projects.SampleBackend>("backend")
    .WithUshadow(ushadow)
    .WithReference(redis)
    .WithReference(mongodb)
    .WithUshadowEndpoint(ushadow, "BACKEND_PORT")
    .WithArgs("--serve");

builder.Build().Run();
