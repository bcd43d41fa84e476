using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// One optimisation step: the chosen rows augmented, forward, binary cross-entropy with logits (against smoothed
/// targets when asked), backward, the optimiser's update and the schedule's next rate. <see cref="ModelTrainer"/> and
/// the training-step benchmark both call it, so the benchmark times exactly what training does.
/// </summary>
internal sealed class OptimisationStep(ApparelNetwork model, optim.Optimizer optimizer, optim.lr_scheduler.LRScheduler schedule, BatchAugmenter augmenter, double labelSmoothing)
{
    /// <summary>Returns the batch's mean loss, a tensor in the caller's dispose scope.</summary>
    public Tensor Run(Tensor images, Tensor targets, Tensor rows)
    {
        Tensor batch = augmenter.Apply(images.index_select(0, rows));
        Tensor expected = targets.index_select(0, rows);
        if (labelSmoothing > 0)
        {
            expected = (expected * (1 - labelSmoothing)) + (labelSmoothing / 2);
        }

        optimizer.zero_grad();
        Tensor loss = binary_cross_entropy_with_logits(model.forward(batch), expected);
        loss.backward();
        optimizer.step();
        schedule.step();
        return loss;
    }
}
