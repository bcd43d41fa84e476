namespace FashionServerless.Testing.Images;

/// <summary>JPEG entropy-coded bits with 0xFF stuffing, padded with ones, for the test images written by hand.</summary>
internal sealed class JpegBitWriter(Stream output)
{
    private int _buffer;
    private int _count;

    public void Write(int value, int length)
    {
        for (int i = length - 1; i >= 0; i--)
        {
            _buffer = (_buffer << 1) | ((value >> i) & 1);
            if (++_count == 8)
            {
                Emit();
            }
        }
    }

    public void Flush()
    {
        while (_count != 0)
        {
            Write(1, 1);
        }
    }

    private void Emit()
    {
        output.WriteByte((byte)_buffer);
        if (_buffer == 0xFF)
        {
            output.WriteByte(0x00);
        }

        _buffer = 0;
        _count = 0;
    }
}
