using System.Net;
using System.Net.Sockets;

namespace FashionServerless.Testing.Azurite;

internal static class LoopbackPorts
{
    /// <summary>Ports the OS hands out for port 0; all held at once so the three differ.</summary>
    public static int[] Free(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
