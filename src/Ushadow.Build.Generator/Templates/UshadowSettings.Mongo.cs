partial class UshadowSettings
{
    private readonly object mongoClientLock = new object();
    private global::MongoDB.Driver.MongoClient? mongoClient;

    /// <summary>Creates MongoDB client settings from <see cref="MongoConnectionString"/> with the driver's own parser.</summary>
    /// <returns>New settings, ready for <c>new MongoClient(settings)</c>.</returns>
    /// <exception cref="UshadowSettingsException">The driver rejects the connection string; the message names its variable or key.</exception>
    public global::MongoDB.Driver.MongoClientSettings CreateMongoClientSettings()
    {
        try
        {
            return global::MongoDB.Driver.MongoClientSettings.FromUrl(new global::MongoDB.Driver.MongoUrl(MongoConnectionString));
        }
        catch (global::System.Exception exception) when (exception is global::MongoDB.Driver.MongoConfigurationException || exception is global::System.ArgumentException || exception is global::System.FormatException)
        {
            // The driver's message may quote the connection string, password included, so it is not passed on.
            string origin = mongoOrigin ?? Variables.MongoUri;
            throw new UshadowSettingsException(origin, origin + " is not a MongoDB connection string the driver accepts (" + exception.GetType().Name + "); expected mongodb://[user:password@]host[:port][/?options] or mongodb+srv://...");
        }
    }

    /// <summary>
    /// The <see cref="global::MongoDB.Driver.IMongoDatabase"/> named <see cref="MongoDatabaseName"/>. Without a client, one
    /// client per settings object is created from <see cref="CreateMongoClientSettings"/> and reused (it connects lazily).
    /// </summary>
    /// <param name="client">The client to use, for example one from dependency injection; <c>null</c> for the shared one.</param>
    /// <returns>The database of this environment.</returns>
    public global::MongoDB.Driver.IMongoDatabase GetMongoDatabase(global::MongoDB.Driver.IMongoClient? client = null)
    {
        if (client is null)
        {
            lock (mongoClientLock)
            {
                mongoClient ??= new global::MongoDB.Driver.MongoClient(CreateMongoClientSettings());
                client = mongoClient;
            }
        }
        return client.GetDatabase(MongoDatabaseName);
    }
}
