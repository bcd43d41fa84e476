namespace FashionServerless.Trainer.Model;

/// <summary>The networks <c>train --architecture</c> offers.</summary>
internal enum NetworkArchitecture
{
    /// <summary>Conv blocks and global average pooling (<see cref="GlobalPoolCnn"/>): the default.</summary>
    GlobalPool,

    /// <summary>The reference study's network (<see cref="ReferenceCnn"/>): three conv blocks, a 2.4 M-weight dense layer.</summary>
    Reference,
}
