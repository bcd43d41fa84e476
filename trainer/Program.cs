using static TorchSharp.torch;
namespace FashionServerless.Trainer;
internal static class Program
{
    private static int Main()
    {
        var x = randn(2, 3, 8, 8, requires_grad: true);
        using var conv = TorchSharp.torch.nn.Conv2d(3, 4, 3);
        var y = conv.forward(x).sum();
        y.backward();
        Console.WriteLine($"ok {y.item<float>()} {x.grad!.shape[0]}");
        return 0;
    }
}
