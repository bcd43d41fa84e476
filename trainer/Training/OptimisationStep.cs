using FashionServerless.Trainer.Model;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace FashionServerless.Trainer.Training;

/// <summary>
/// One optimisation step: the chosen rows augmented (and mixed, with a mixer) and put in channels-last order, forward,
/// binary cross-entropy with logits for each member of the network (against smoothed targets when asked), backward,
/// the optimiser's update and the schedule's next rate. <see cref="ModelTrainer"/> and the training-step benchmark both
/// call it, so the benchmark times exactly what training does.
/// </summary>
internal sealed class OptimisationStep(
    ApparelNetwork model, optim.Optimizer optimizer, optim.lr_scheduler.LRScheduler schedule, BatchAugmenter augmenter, double labelSmoothing, BatchMixer? mixer = null)
{
    /// <summary>Returns the batch's mean loss, a tensor in the caller's dispose scope.</summary>
    /// <param name="images">Every image, <c>[N,C,H,W]</c>.</param>
    /// <param name="targets">Every image's targets, <c>[N,L]</c>.</param>
    /// <param name="rows">The batch's rows.</param>
    /// <param name="clock">When given, the time of each phase is added to it (the training benchmark's breakdown).</param>
    public Tensor Run(Tensor images, Tensor targets, Tensor rows, StepPhaseClock? clock = null)
    {
        clock?.Start();
        Tensor batch = images.index_select(0, rows);
        Tensor expected = targets.index_select(0, rows);
        clock?.Lap(0);
        batch = augmenter.Apply(batch);
        if (mixer is not null)
        {
            (batch, expected) = mixer.Apply(batch, expected);
        }

        if (labelSmoothing > 0)
        {
            expected = (expected * (1 - labelSmoothing)) + (labelSmoothing / 2);
        }

        batch = ChannelsLastLayout.ToChannelsLast(batch);
        clock?.Lap(1);
        optimizer.zero_grad();
        // Each member of a packed ensemble is scored on its own: the mean over members of their losses.
        Tensor logits = model.MemberLogits(batch);
        Tensor loss = binary_cross_entropy_with_logits(logits, expected.expand_as(logits));
        clock?.Lap(2);
        loss.backward();
        clock?.Lap(3);
        optimizer.step();
        schedule.step();
        clock?.Lap(4);
        return loss;
    }
}
