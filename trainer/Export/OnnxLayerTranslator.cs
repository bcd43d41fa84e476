using FashionServerless.Trainer.Model;
using TorchSharp;
using TorchSharp.Modules;
using static FashionServerless.Trainer.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Export;

/// <summary>One TorchSharp layer to ONNX nodes: the operator mapping, with every setting the operator needs.</summary>
internal static class OnnxLayerTranslator
{
    public static LayerShape Translate(OnnxGraphBuilder graph, string name, nn.Module layer, LayerShape input) => layer switch
    {
        Conv2d conv => Conv(graph, name, conv, input),
        BatchNorm2d norm => BatchNorm(graph, name, norm, input),
        MaxPool2d pool => MaxPool(graph, name, pool, input),
        ReLU => input with { TensorName = graph.AddNode("Relu", name, [input.TensorName]) },
        Sigmoid => input with { TensorName = graph.AddNode("Sigmoid", name, [input.TensorName]) },
        // Inference graphs never drop: Dropout and Identity add no node.
        Dropout or Identity => input,
        Flatten flatten => FlattenLayer(graph, name, flatten, input),
        GlobalAveragePooling pooling => GlobalAverage(graph, name, pooling, input),
        Linear linear => Gemm(graph, name, linear, input),
        EnsembleHead head => AveragedGemm(graph, name, head, input),
        _ => throw new UnsupportedLayerException(name, layer.GetType().Name,
            "supported layers are Conv2d, BatchNorm2d, ReLU, MaxPool2d, GlobalAveragePooling, Dropout, Flatten, Linear, EnsembleHead and Sigmoid."),
    };

    private static LayerShape Conv(OnnxGraphBuilder graph, string name, Conv2d conv, LayerShape input)
    {
        RequireSpatial(name, conv, input);
        if (conv.transposed || conv.padding_mode != PaddingModes.Zeros)
        {
            throw new UnsupportedLayerException(name, nameof(Conv2d), "only zero-padded, non-transposed convolutions are supported.");
        }

        if (conv.in_channels != input.Channels)
        {
            throw new UnsupportedLayerException(name, nameof(Conv2d), $"it expects {conv.in_channels} input channels but receives {input.Channels}.");
        }

        long[] kernel = Pair(conv.kernel_size, 1);
        long[] stride = Pair(conv.stride, 1);
        long[] dilation = Pair(conv.dilation, 1);
        (long[] begin, long[] end) = conv.padding_type switch
        {
            // PyTorch's 'same' puts the odd pixel at the end, as ONNX explicit pads can say.
            Padding.Same => (Enumerable.Range(0, 2).Select(i => dilation[i] * (kernel[i] - 1) / 2).ToArray(),
                             Enumerable.Range(0, 2).Select(i => dilation[i] * (kernel[i] - 1) - (dilation[i] * (kernel[i] - 1) / 2)).ToArray()),
            Padding.Valid => (new long[2], new long[2]),
            _ => (Pair(conv.padding, 0), Pair(conv.padding, 0)),
        };

        List<string> inputs = [input.TensorName, graph.AddInitializer($"{name}.weight", conv.weight)];
        if (conv.bias is not null)
        {
            inputs.Add(graph.AddInitializer($"{name}.bias", conv.bias));
        }

        string output = graph.AddNode("Conv", name, inputs,
            Ints("kernel_shape", kernel), Ints("strides", stride), Ints("dilations", dilation),
            Ints("pads", begin[0], begin[1], end[0], end[1]), Int("group", conv.groups));
        return new LayerShape(output, conv.out_channels,
            OutputSize(input.Height, kernel[0], stride[0], dilation[0], begin[0] + end[0]),
            OutputSize(input.Width, kernel[1], stride[1], dilation[1], begin[1] + end[1]));
    }

    private static LayerShape BatchNorm(OnnxGraphBuilder graph, string name, BatchNorm2d norm, LayerShape input)
    {
        RequireSpatial(name, norm, input);
        if (norm.num_features != input.Channels)
        {
            throw new UnsupportedLayerException(name, nameof(BatchNorm2d), $"it normalises {norm.num_features} channels but receives {input.Channels}.");
        }

        if (norm.running_mean is null || norm.running_var is null)
        {
            throw new UnsupportedLayerException(name, nameof(BatchNorm2d), "without running statistics it has no inference form.");
        }

        long channels = norm.num_features;
        string scale = norm.weight is null
            ? graph.AddInitializer($"{name}.weight", [channels], Enumerable.Repeat(1f, (int)channels).ToArray())
            : graph.AddInitializer($"{name}.weight", norm.weight);
        string shift = norm.bias is null
            ? graph.AddInitializer($"{name}.bias", [channels], new float[channels])
            : graph.AddInitializer($"{name}.bias", norm.bias);
        string output = graph.AddNode("BatchNormalization", name,
            [input.TensorName, scale, shift,
             graph.AddInitializer($"{name}.running_mean", norm.running_mean),
             graph.AddInitializer($"{name}.running_var", norm.running_var)],
            Float("epsilon", (float)norm.eps));
        return input with { TensorName = output };
    }

    private static LayerShape MaxPool(OnnxGraphBuilder graph, string name, MaxPool2d pool, LayerShape input)
    {
        RequireSpatial(name, pool, input);
        if (pool.ceil_mode)
        {
            throw new UnsupportedLayerException(name, nameof(MaxPool2d), "ceil_mode is not supported.");
        }

        long[] kernel = Pair(pool.kernel_size, 1);
        // PyTorch: no stride means stride = kernel size.
        long[] stride = pool.stride is { Length: > 0 } ? Pair(pool.stride, 1) : kernel;
        long[] padding = Pair(pool.padding, 0);
        long[] dilation = Pair(pool.dilation, 1);
        string output = graph.AddNode("MaxPool", name, [input.TensorName],
            Ints("kernel_shape", kernel), Ints("strides", stride), Ints("dilations", dilation),
            Ints("pads", padding[0], padding[1], padding[0], padding[1]));
        return new LayerShape(output, input.Channels,
            OutputSize(input.Height, kernel[0], stride[0], dilation[0], 2 * padding[0]),
            OutputSize(input.Width, kernel[1], stride[1], dilation[1], 2 * padding[1]));
    }

    private static LayerShape FlattenLayer(OnnxGraphBuilder graph, string name, Flatten flatten, LayerShape input)
    {
        RequireSpatial(name, flatten, input);
        if (flatten.start_dim != 1 || (flatten.end_dim != -1 && flatten.end_dim != 3))
        {
            throw new UnsupportedLayerException(name, nameof(Flatten), "only Flatten(start_dim: 1, end_dim: -1) is supported.");
        }

        string output = graph.AddNode("Flatten", name, [input.TensorName], Int("axis", 1));
        return LayerShape.Flat(output, input.Channels * input.Height * input.Width);
    }

    private static LayerShape GlobalAverage(OnnxGraphBuilder graph, string name, GlobalAveragePooling pooling, LayerShape input)
    {
        RequireSpatial(name, pooling, input);

        // GlobalAveragePool keeps [N,C,1,1]; the module returns [N,C], which Flatten gives.
        string pooled = graph.AddNode("GlobalAveragePool", $"{name}.pool", [input.TensorName]);
        string output = graph.AddNode("Flatten", name, [pooled], Int("axis", 1));
        return LayerShape.Flat(output, input.Channels);
    }

    private static LayerShape Gemm(OnnxGraphBuilder graph, string name, Linear linear, LayerShape input) =>
        // TorchSharp stores the weight as [out, in]; Gemm computes A * B^T with transB=1, so it is written as is.
        WriteGemm(graph, name, nameof(Linear), linear.in_features, linear.out_features, linear.weight, linear.bias, input);

    /// <summary>The members' averaged logits are one linear layer over all their features: one Gemm, as for <see cref="Linear"/>.</summary>
    private static LayerShape AveragedGemm(OnnxGraphBuilder graph, string name, EnsembleHead head, LayerShape input)
    {
        (Tensor weight, Tensor bias) = head.AveragedLinear();
        using (weight)
        using (bias)
        {
            return WriteGemm(graph, name, nameof(EnsembleHead), head.Members * head.FeaturesPerMember, head.LabelCount, weight, bias, input);
        }
    }

    /// <param name="weight"><c>[outFeatures, inFeatures]</c>.</param>
    private static LayerShape WriteGemm(OnnxGraphBuilder graph, string name, string layerKind, long inFeatures, long outFeatures, Tensor weight, Tensor? bias, LayerShape input)
    {
        if (!input.IsFlat)
        {
            throw new UnsupportedLayerException(name, layerKind, "it must follow a Flatten (it receives a 4-D activation).");
        }

        if (inFeatures != input.Features)
        {
            throw new UnsupportedLayerException(name, layerKind, $"it expects {inFeatures} features but receives {input.Features}.");
        }

        List<string> inputs = [input.TensorName, graph.AddInitializer($"{name}.weight", weight)];
        if (bias is not null)
        {
            inputs.Add(graph.AddInitializer($"{name}.bias", bias));
        }

        string output = graph.AddNode("Gemm", name, inputs, Int("transB", 1));
        return LayerShape.Flat(output, outFeatures);
    }

    private static void RequireSpatial(string name, nn.Module layer, LayerShape input)
    {
        if (input.IsFlat)
        {
            throw new UnsupportedLayerException(name, layer.GetType().Name, "it needs a [batch,channels,height,width] input but follows a Flatten.");
        }
    }

    private static long OutputSize(long size, long kernel, long stride, long dilation, long totalPadding) =>
        ((size + totalPadding - (dilation * (kernel - 1)) - 1) / stride) + 1;

    /// <summary>TorchSharp keeps a setting given as one number as a one-element array: expand it to (height, width).</summary>
    private static long[] Pair(long[]? values, long whenAbsent) => values switch
    {
        null or [] => [whenAbsent, whenAbsent],
        [long single] => [single, single],
        [long height, long width] => [height, width],
        _ => throw new ArgumentException($"Expected one or two values, got {values.Length}."),
    };
}
