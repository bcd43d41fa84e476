namespace FashionServerless.Shared.Labels;

/// <summary>A set of mutually exclusive labels, such as the colours or the garments.</summary>
/// <param name="Name">The group's name: <c>colour</c> or <c>garment</c>.</param>
/// <param name="Labels">The group's labels, sorted ordinally.</param>
public sealed record LabelGroup(string Name, IReadOnlyList<string> Labels);
