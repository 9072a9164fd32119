using System.Buffers;

namespace ModelGateway.Tests.Transforms.Shared;

/// <summary>A line split into two buffer segments at a given byte, as a pipe can hand it over.</summary>
public static class SegmentedLine
{
    public static ReadOnlySequence<byte> Split(byte[] line, int at)
    {
        var first = new Segment(line.AsMemory(0, at), 0);
        var last = first.Append(line.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
