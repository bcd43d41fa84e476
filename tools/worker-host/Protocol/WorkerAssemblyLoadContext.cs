using System.Reflection;
using System.Runtime.Loader;

namespace FashionServerless.WorkerHost.Protocol;

/// <summary>
/// Loads the worker's protocol assembly and whatever it needs from the worker's build output, except Google.Protobuf:
/// that one is shared with this process, so the worker's generated messages implement the same <c>IMessage</c> this
/// host reads and writes them through.
/// </summary>
internal sealed class WorkerAssemblyLoadContext(string appDirectory) : AssemblyLoadContext("functions-worker-protocol")
{
    private static readonly string SharedProtobuf = typeof(Google.Protobuf.IMessage).Assembly.GetName().Name!;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (string.Equals(assemblyName.Name, SharedProtobuf, StringComparison.Ordinal))
        {
            return null;
        }

        string candidate = Path.Combine(appDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}
