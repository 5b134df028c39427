namespace ImpactOS.Bench;

/// <summary>Deterministic, time-ordered ids (UUID version 7 layout from a seeded generator), so the
/// same seed gives the same rows and inserts stay index-friendly.</summary>
public sealed class Ids(int seed)
{
    private readonly Random _random = new(seed);
    private long _tick = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 16;

    public Random Random => _random;

    public Guid Next()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        var ms = ++_tick / 16;
        bytes[0] = (byte)(ms >> 40);
        bytes[1] = (byte)(ms >> 32);
        bytes[2] = (byte)(ms >> 24);
        bytes[3] = (byte)(ms >> 16);
        bytes[4] = (byte)(ms >> 8);
        bytes[5] = (byte)ms;
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
