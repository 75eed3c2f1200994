using System.Net;
using System.Net.Sockets;

namespace Ushadow.Build.Tests;

/// <summary>
/// Port offsets (README, Ports) through a real build: port blocks are allocated stable and collision-free, and written
/// with the ports.
/// </summary>
public sealed class PortOffsetTests : IDisposable
{
    private const string PrintPorts =
        "using Consumer;\nSystem.Console.WriteLine($\"{UshadowSettings.BuildTime.PortOffset} {UshadowSettings.BuildTime.BackendPort} {UshadowSettings.BuildTime.WebuiPort}\");\n";

    private readonly World _world = new(PackageFeed.Instance);

    public void Dispose() => _world.Dispose();

    [Fact]
    public void A_block_whose_backend_port_a_foreign_listener_holds_is_skipped()
    {
        // jade prefers the original launcher's block: (106+97+100+101) % 50 * 10 = 40, so BACKEND_PORT 8040. (Not gold's
        // 8220: the AppHost test, which may run at the same time, serves its gold backend there.)
        using var foreign = new TcpListener(IPAddress.Any, 8040);
        foreign.Start();
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>jade</UshadowEnvName>");

        var build = _world.BuildOk(app);

        var env = World.ReadEnv(app);
        Assert.NotEqual("40", env["PORT_OFFSET"]);
        Assert.NotEqual("8040", env["BACKEND_PORT"]);
        Assert.Equal((8000 + int.Parse(env["PORT_OFFSET"], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture), env["BACKEND_PORT"]);
        Assert.Contains("skipping 40 (ports in use)", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void PORT_OFFSET_in_the_variable_wins_and_so_does_a_hand_edit_and_the_generated_class_has_them()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>", program: PrintPorts);

        _world.BuildOk(app, new Dictionary<string, string?> { ["PORT_OFFSET"] = "70" });
        var env = World.ReadEnv(app);
        Assert.Equal(("70", "8070", "3070"), (env["PORT_OFFSET"], env["BACKEND_PORT"], env["WEBUI_PORT"]));
        Assert.Equal("70 8070 3070", _world.Dotnet(app, null, "run", "--no-build").Output.Trim());

        // A hand edit beats the variable, and moves the ports it does not pin.
        var path = Path.Combine(app, ".env");
        File.WriteAllText(path, File.ReadAllText(path).Replace("PORT_OFFSET=70", "PORT_OFFSET=90", StringComparison.Ordinal));
        var build = _world.BuildOk(app, new Dictionary<string, string?> { ["PORT_OFFSET"] = "70" });
        env = World.ReadEnv(app);
        Assert.Equal(("90", "8090", "3090"), (env["PORT_OFFSET"], env["BACKEND_PORT"], env["WEBUI_PORT"]));
        Assert.Contains("PORT_OFFSET keeps the value typed into", build.Output, StringComparison.Ordinal);
        Assert.Equal("90 8090 3090", _world.Dotnet(app, null, "run", "--no-build").Output.Trim());
    }

    [Fact]
    public void The_original_launchers_ports_are_kept_on_upgrade()
    {
        var app = _world.CreateConsumer("app", properties: "<UshadowEnvName>gold</UshadowEnvName>");
        File.WriteAllText(Path.Combine(app, ".env"), "ENV_NAME=gold\nPORT_OFFSET=40\nBACKEND_PORT=8040\nWEBUI_PORT=3040\n");

        var build = _world.BuildOk(app);

        var env = World.ReadEnv(app);
        Assert.Equal(("40", "8040", "3040"), (env["PORT_OFFSET"], env["BACKEND_PORT"], env["WEBUI_PORT"]));
        Assert.Contains("PORT_OFFSET in " + Path.Combine(app, ".env") + " was not written by Ushadow.Build", build.Output, StringComparison.Ordinal);
    }
}
