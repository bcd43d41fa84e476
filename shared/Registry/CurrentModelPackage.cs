namespace FashionServerless.Shared.Registry;

/// <summary>The serving model: the pointer as read (with its ETag, for cheap change checks) and the verified model it names.</summary>
public sealed record CurrentModelPackage(CurrentModel Current, ModelPackage Package);
