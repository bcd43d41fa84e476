using FashionServerless.Shared.Preprocessing;
using FashionServerless.Trainer.Data;
using FashionServerless.Trainer.Synthetic;

namespace FashionServerless.Trainer.Tests.Training;

/// <summary>Ten synthetic classes of 30 images at 96x96, loaded once for the training tests, split 70/15/15 so learning can be measured.</summary>
public sealed class SyntheticTrainingFixture : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public SyntheticTrainingFixture()
    {
        SyntheticApparelGenerator.Generate(_folder.Path, new SyntheticDataOptions { ImagesPerClass = 30, Size = 96, Seed = 2024 });
        Data = new LabelledImageLoader(new ImagePreprocessor(PreprocessingSpec.Default))
            .LoadAsync(new FolderImageSource(_folder.Path)).GetAwaiter().GetResult();
        Split = StratifiedSplitter.Split(Data.ClassOfImage, seed: 7, new SplitFractions(0.7, 0.15, 0.15));
    }

    internal LabelledImageSet Data { get; }

    internal DatasetSplit Split { get; }

    public void Dispose()
    {
        Data.Dispose();
        _folder.Dispose();
    }
}
