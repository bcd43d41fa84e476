using SixLabors.ImageSharp;

namespace FashionServerless.Shared.Preprocessing;

/// <summary>A decoded image, whether it may hold translucent pixels that must be flattened onto white, and the memory reserved for it.</summary>
/// <remarks>Disposing disposes the image and then gives its reservation back.</remarks>
internal readonly record struct DecodedImage(Image Image, bool Opaque, DecodingMemoryBudget.Reservation Reservation) : IDisposable
{
    public void Dispose()
    {
        Image.Dispose();
        Reservation.Dispose();
    }
}
