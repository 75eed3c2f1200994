using System.Net;
using System.Net.Sockets;

namespace Ushadow.TestSupport;

/// <summary>The loopback interface, where the tests' servers listen.</summary>
public static class Loopback
{
    /// <summary>A port on 127.0.0.1 that nothing listens on right now: the system's pick of a free one, released at once.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
