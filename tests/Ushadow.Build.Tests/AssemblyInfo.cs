// The end-to-end tests drive Unix tools (git, python3, docker-compose) and check Unix file modes.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
