using System.Reflection;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace FashionServerless.WorkerHost.Protocol;

/// <summary>
/// The Functions host protocol as the worker itself compiled it: <c>StreamingMessage</c> and the duplex
/// <c>EventStream</c> method, read by reflection from <c>Microsoft.Azure.Functions.Worker.Grpc.dll</c> in the worker's
/// build output. Messages cross this class as protobuf JSON (the descriptor's camelCase names), so the host side is
/// written against the worker's real schema and an unknown field is an error rather than silently dropped.
/// </summary>
public sealed class WorkerProtocol
{
    /// <summary>The worker assembly that carries the generated protocol messages.</summary>
    public const string ProtocolAssemblyFile = "Microsoft.Azure.Functions.Worker.Grpc.dll";

    private const string EnvelopeName = "StreamingMessage";

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    private readonly MessageParser _messageParser;

    private WorkerProtocol(MessageDescriptor envelope, MessageParser messageParser, MethodDescriptor eventStream)
    {
        Envelope = envelope;
        _messageParser = messageParser;
        EventStream = eventStream;
    }

    /// <summary>The <c>StreamingMessage</c> envelope every message of the stream travels in.</summary>
    public MessageDescriptor Envelope { get; }

    /// <summary>The bidirectional streaming method the worker calls on the host (<c>FunctionRpc.EventStream</c>).</summary>
    public MethodDescriptor EventStream { get; }

    /// <summary>Loads the protocol from a built worker's output folder.</summary>
    /// <exception cref="FileNotFoundException">The folder holds no <see cref="ProtocolAssemblyFile"/>.</exception>
    /// <exception cref="InvalidOperationException">The assembly holds no recognisable protocol.</exception>
    public static WorkerProtocol Load(string appDirectory)
    {
        string directory = Path.GetFullPath(appDirectory);
        string path = Path.Combine(directory, ProtocolAssemblyFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"'{directory}' is not the build output of a .NET isolated Functions worker: it has no {ProtocolAssemblyFile}. Build the functions project first.",
                path);
        }

        Assembly assembly = new WorkerAssemblyLoadContext(directory).LoadFromAssemblyPath(path);
        Type envelopeType = LoadableTypes(assembly).SingleOrDefault(t => t.Name == EnvelopeName && typeof(IMessage).IsAssignableFrom(t))
            ?? throw new InvalidOperationException($"{path} defines no protobuf message named {EnvelopeName}.");
        var descriptor = (MessageDescriptor)envelopeType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var parser = (MessageParser)envelopeType.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        MethodDescriptor eventStream = descriptor.File.Services
            .SelectMany(service => service.Methods)
            .SingleOrDefault(m => m.IsClientStreaming && m.IsServerStreaming && m.InputType == descriptor && m.OutputType == descriptor)
            ?? throw new InvalidOperationException($"{path} declares no bidirectional streaming method of {EnvelopeName}.");
        return new WorkerProtocol(descriptor, parser, eventStream);
    }

    /// <summary>Reads one wire message into protobuf JSON, e.g. <c>{"startStream":{"workerId":"..."}}</c>.</summary>
    public JsonObject Decode(byte[] wireMessage)
    {
        IMessage message = _messageParser.ParseFrom(wireMessage);
        return JsonNode.Parse(Formatter.Format(message))!.AsObject();
    }

    /// <summary>Writes protobuf JSON as one wire message.</summary>
    /// <exception cref="InvalidProtocolBufferException">The JSON names a field or value the worker's schema does not have.</exception>
    public byte[] Encode(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Parser.Parse(message.ToJsonString(), Envelope).ToByteArray();
    }

    /// <summary>The name of the <c>content</c> member a decoded envelope carries, e.g. <c>invocationResponse</c>.</summary>
    public static string ContentOf(JsonObject message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Select(p => p.Key).FirstOrDefault(k => k != "requestId") ?? string.Empty;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            // Types that need a dependency absent here are not the generated messages; the rest still load.
            return ex.Types.OfType<Type>();
        }
    }
}
