using System.Buffers;
using System.Text.Unicode;

namespace ImpactOS.Web.Features.Imports;

/// <summary>The text of an uploaded file is not what it should be; <see cref="Line"/> is where.</summary>
public sealed class CsvTextException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>Reads UTF-8 text from a stream, a block at a time, and refuses anything else: where a
/// StreamReader would quietly put U+FFFD in for a byte that is not UTF-8 (a Latin-1 "é" becomes
/// "Caf�"), this throws <see cref="CsvTextException"/> naming the line of the first bad byte. A
/// leading byte order mark is skipped. The caller owns the stream.</summary>
public sealed class StrictUtf8Reader(Stream stream) : TextReader
{
    private const int BlockSize = 64 * 1024;

    private readonly byte[] _bytes = new byte[BlockSize];

    // UTF-8 never decodes to more UTF-16 units than it has bytes.
    private readonly char[] _chars = new char[BlockSize];
    private int _byteStart;
    private int _byteEnd;
    private int _charStart;
    private int _charEnd;
    private bool _endOfStream;
    private bool _started;

    /// <summary>The line of the next byte to decode (lines end with \n; \r\n counts once).</summary>
    private int _line = 1;

    public override int Peek() => Fill() ? _chars[_charStart] : -1;

    public override int Read() => Fill() ? _chars[_charStart++] : -1;

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer) => Fill() ? Take(buffer) : 0;

    public override Task<int> ReadAsync(char[] buffer, int index, int count) => ReadAsync(buffer.AsMemory(index, count)).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) =>
        await FillAsync(cancellationToken) ? Take(buffer.Span) : 0;

    private int Take(Span<char> buffer)
    {
        var count = Math.Min(buffer.Length, _charEnd - _charStart);
        _chars.AsSpan(_charStart, count).CopyTo(buffer);
        _charStart += count;
        return count;
    }

    /// <summary>True when there are decoded characters to hand out; false at the end of the text.</summary>
    private bool Fill()
    {
        while (_charStart == _charEnd && !Finished)
        {
            if (!_endOfStream)
            {
                Compact();
                var read = stream.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
                Received(read);
            }

            Decode();
        }

        return _charStart < _charEnd;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        while (_charStart == _charEnd && !Finished)
        {
            if (!_endOfStream)
            {
                Compact();
                var read = await stream.ReadAsync(_bytes.AsMemory(_byteEnd), cancellationToken);
                Received(read);
            }

            Decode();
        }

        return _charStart < _charEnd;
    }

    private bool Finished => _endOfStream && _byteStart == _byteEnd;

    /// <summary>Moves the bytes of a sequence cut by the last block to the front.</summary>
    private void Compact()
    {
        var left = _byteEnd - _byteStart;
        _bytes.AsSpan(_byteStart, left).CopyTo(_bytes);
        (_byteStart, _byteEnd) = (0, left);
    }

    private void Received(int read)
    {
        _byteEnd += read;
        _endOfStream = read == 0;
    }

    private void Decode()
    {
        var pending = _bytes.AsSpan(_byteStart, _byteEnd - _byteStart);
        var status = Utf8.ToUtf16(pending, _chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false, isFinalBlock: _endOfStream);
        if (status == OperationStatus.InvalidData)
        {
            var line = _line + pending[..bytesRead].Count((byte)'\n');
            var bad = pending[bytesRead];
            throw new CsvTextException(line, $"Line {line} is not UTF-8 text (it has the byte 0x{bad:X2}); save the file as UTF-8 (in Excel: “CSV UTF-8”) and check it again.");
        }

        _line += pending[..bytesRead].Count((byte)'\n');
        _byteStart += bytesRead;
        (_charStart, _charEnd) = (0, charsWritten);
        if (!_started && charsWritten > 0)
        {
            _started = true;
            if (_chars[0] == '\uFEFF')
            {
                _charStart = 1;
            }
        }
    }
}
