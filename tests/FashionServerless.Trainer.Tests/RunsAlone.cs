namespace FashionServerless.Trainer.Tests;

/// <summary>Tests that measure this process's own CPU time and memory, so they run after the parallel ones, alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
