using System.Net;
using System.Net.Sockets;

namespace Ushadow.Core.Registry;

/// <summary>Asks the machine whether a port is taken, by trying to listen on it for a moment.</summary>
internal static class PortProbe
{
    /// <summary>
    /// Whether something listens on TCP <paramref name="port"/> now, on any address or on the loopback address
    /// (a development server often binds only <c>127.0.0.1</c>). Opens no connection and writes nothing.
    /// </summary>
    public static bool InUse(int port)
    {
        foreach (var address in new[] { IPAddress.Any, IPAddress.Loopback })
        {
            var listener = new TcpListener(address, port);
            try
            {
                listener.Start(0);
            }
            catch (SocketException)
            {
                return true;
            }
            finally
            {
                listener.Stop();
            }
        }
        return false;
    }
}
