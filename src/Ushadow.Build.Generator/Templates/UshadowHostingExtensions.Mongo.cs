partial class UshadowOptions
{
    /// <summary>Whether to register <c>IMongoClient</c> and this environment's <c>IMongoDatabase</c> (and their health check); default <c>true</c>.</summary>
    public bool RegisterMongo { get; set; } = true;

    /// <summary>Changes the MongoDB client settings before the client is created, for example its timeouts.</summary>
    public global::System.Action<global::MongoDB.Driver.MongoClientSettings>? ConfigureMongo { get; set; }
}

static partial class UshadowHostingExtensions
{
    static partial void AddMongo(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, UshadowOptions options)
    {
        if (!options.RegisterMongo)
        {
            return;
        }
        global::System.Action<global::MongoDB.Driver.MongoClientSettings>? configure = options.ConfigureMongo;
        TryAddSingleton<global::MongoDB.Driver.IMongoClient>(services, provider =>
        {
            global::MongoDB.Driver.MongoClientSettings settings = Required<UshadowSettings>(provider).CreateMongoClientSettings();
            configure?.Invoke(settings);
            return new global::MongoDB.Driver.MongoClient(settings);
        });
        TryAddSingleton(services, provider =>
            Required<UshadowSettings>(provider).GetMongoDatabase(Required<global::MongoDB.Driver.IMongoClient>(provider)));
    }
}
