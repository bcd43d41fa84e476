using FashionServerless.Trainer.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// One optimisation step: the chosen rows augmented, forward, binary cross-entropy with logits, backward and an Adam
/// update. <see cref="ModelTrainer"/> and the training-step benchmark both call it, so the benchmark times exactly
/// what training does.
/// </summary>
internal static class OptimisationStep
{
    /// <summary>Returns the batch's mean loss, a tensor in the caller's dispose scope.</summary>
    public static Tensor Run(
        ReferenceCnn model, Adam optimizer, BCEWithLogitsLoss lossFunction, BatchAugmenter augmenter,
        Tensor images, Tensor targets, Tensor rows)
    {
        Tensor batch = augmenter.Apply(images.index_select(0, rows));
        Tensor expected = targets.index_select(0, rows);
        optimizer.zero_grad();
        Tensor loss = lossFunction.forward(model.forward(batch), expected);
        loss.backward();
        optimizer.step();
        return loss;
    }
}
