using System.Buffers;

namespace Declarative.OpenAI.Internal;

/// <summary>
/// A server-sent-events body read line by line, each <c>data:</c> payload passed through
/// <see cref="ServerQuirks.RepairChunk"/> and every other line passed on as it came.
/// </summary>
internal sealed class RepairingEventStream(Stream inner) : ReadOnlyBodyStream(inner)
{
    private readonly ToolCallIndexes _tools = new();
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private byte[] _input = new byte[8192];
    private int _inputStart;
    private int _inputEnd;
    private int _outputRead;
    private bool _innerEnded;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (true)
        {
            if (TryCopyOutput(buffer, out var copied))
            {
                return copied;
            }
            if (_innerEnded)
            {
                return 0;
            }
            MakeRoom();
            Received(Inner.Read(_input, _inputEnd, _input.Length - _inputEnd));
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryCopyOutput(buffer.Span, out var copied))
            {
                return copied;
            }
            if (_innerEnded)
            {
                return 0;
            }
            MakeRoom();
            Received(await Inner.ReadAsync(_input.AsMemory(_inputEnd), cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Hands out what is ready; when nothing is, turns the complete lines received so far into output.</summary>
    private bool TryCopyOutput(Span<byte> buffer, out int copied)
    {
        if (_outputRead == _output.WrittenCount)
        {
            _output.ResetWrittenCount();
            _outputRead = 0;
            while (_inputStart < _inputEnd)
            {
                var pending = _input.AsSpan(_inputStart, _inputEnd - _inputStart);
                var newline = pending.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    if (!_innerEnded)
                    {
                        break; // wait for the rest of the line
                    }
                    newline = pending.Length - 1; // the last line, unterminated
                }
                WriteLine(pending[..(newline + 1)]);
                _inputStart += newline + 1;
            }
        }

        var ready = _output.WrittenSpan[_outputRead..];
        if (ready.IsEmpty || buffer.IsEmpty)
        {
            copied = 0;
            return buffer.IsEmpty;
        }
        copied = Math.Min(ready.Length, buffer.Length);
        ready[..copied].CopyTo(buffer);
        _outputRead += copied;
        return true;
    }

    private void WriteLine(ReadOnlySpan<byte> line)
    {
        if (line.StartsWith("data:"u8))
        {
            var payload = line[5..];
            if (!payload.IsEmpty && payload[0] == (byte)' ')
            {
                payload = payload[1..];
            }
            payload = payload.TrimEnd("\r\n"u8);
            if (ServerQuirks.RepairChunk(payload, _tools) is { } repaired)
            {
                _output.Write("data: "u8);
                _output.Write(repaired);
                _output.Write("\n"u8);
                return;
            }
        }
        _output.Write(line);
    }

    private void Received(int count)
    {
        if (count == 0)
        {
            _innerEnded = true;
        }
        _inputEnd += count;
    }

    /// <summary>Moves an unfinished line to the front of the input buffer, growing it when the line fills it.</summary>
    private void MakeRoom()
    {
        var pending = _inputEnd - _inputStart;
        if (_inputStart > 0)
        {
            Array.Copy(_input, _inputStart, _input, 0, pending);
            _inputStart = 0;
            _inputEnd = pending;
        }
        if (_inputEnd == _input.Length)
        {
            Array.Resize(ref _input, _input.Length * 2);
        }
    }
}
