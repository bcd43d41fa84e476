using System.ComponentModel.DataAnnotations;

namespace FashionServerless.Shared.Storage;

/// <summary>
/// Container names of the pipeline, bound from the <c>FashionServerless:Blobs</c> configuration section
/// (environment: <c>FashionServerless__Blobs__Uploads</c>, ...). Defaults are the documented names.
/// </summary>
public sealed class BlobLayoutOptions
{
    public const string SectionName = "FashionServerless:Blobs";

    /// <summary>Where users drop photos; the blob trigger watches it. Default <c>uploads</c>.</summary>
    [Required, RegularExpression(ContainerNamePattern)]
    public string Uploads { get; set; } = "uploads";

    /// <summary>One JSON record per upload, at the same path plus <c>.json</c>. Default <c>predictions</c>.</summary>
    [Required, RegularExpression(ContainerNamePattern)]
    public string Predictions { get; set; } = "predictions";

    /// <summary>The model registry: <c>&lt;version&gt;/model.onnx</c>, <c>&lt;version&gt;/manifest.json</c>, <c>current.json</c>. Default <c>models</c>.</summary>
    [Required, RegularExpression(ContainerNamePattern)]
    public string Models { get; set; } = "models";

    /// <summary>Labelled training images, <c>&lt;colour&gt;_&lt;garment&gt;/&lt;file&gt;</c>. Default <c>training</c>.</summary>
    [Required, RegularExpression(ContainerNamePattern)]
    public string Training { get; set; } = "training";

    /// <summary>Labelled images the timer function scores the current model on. Default <c>evaluation</c>.</summary>
    [Required, RegularExpression(ContainerNamePattern)]
    public string Evaluation { get; set; } = "evaluation";

    /// <summary>Evaluation results, <c>&lt;version&gt;/&lt;timestamp&gt;.json</c> and <c>latest.json</c>. Default <c>metrics</c>.</summary>
    [Required, RegularExpression(ContainerNamePattern)]
    public string Metrics { get; set; } = "metrics";

    // Azure container names: 3-63 characters, lower case letters, digits and single hyphens.
    private const string ContainerNamePattern = "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$";
}
