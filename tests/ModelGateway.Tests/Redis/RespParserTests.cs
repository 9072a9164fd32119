using System.Buffers;
using System.Text;
using ModelGateway.Redis;

namespace ModelGateway.Tests.Redis;

public class RespParserTests
{
    static RedisReply ParseWhole(string resp)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(resp));
        Assert.That(RespParser.TryRead(ref buffer, out var reply), Is.True, "a complete reply must parse");
        Assert.That(buffer.Length, Is.Zero, "the whole reply must be consumed");
        return reply;
    }

    [Test]
    public void EachReplyKind_ParsesToItsValue()
    {
        Assert.That(ParseWhole("+OK\r\n").AsString(), Is.EqualTo("OK"));
        var error = ParseWhole("-WRONGTYPE Operation against a key\r\n");
        Assert.That((error.IsError, error.AsString()), Is.EqualTo((true, "WRONGTYPE Operation against a key")));
        Assert.That(ParseWhole(":-42\r\n").AsInt64(), Is.EqualTo(-42));
        Assert.That(ParseWhole("$5\r\nhe\r\no\r\n").AsString(), Is.EqualTo("he\r\no"));
        Assert.That(ParseWhole("$0\r\n\r\n").AsString(), Is.EqualTo(""));
        Assert.That(ParseWhole("$-1\r\n").IsNull, Is.True);
        Assert.That(ParseWhole("*-1\r\n").IsNull, Is.True);
        Assert.That(ParseWhole("*0\r\n").Elements, Is.Empty);
    }

    [Test]
    public void NestedArrays_KeepTheirShape()
    {
        var reply = ParseWhole("*3\r\n:1\r\n*2\r\n$1\r\na\r\n*1\r\n$-1\r\n+x\r\n");
        Assert.That(reply.Elements, Has.Count.EqualTo(3));
        Assert.That(reply.Elements[1].Elements[0].AsString(), Is.EqualTo("a"));
        Assert.That(reply.Elements[1].Elements[1].Elements[0].IsNull, Is.True);
        Assert.That(reply.Elements[2].AsString(), Is.EqualTo("x"));
    }

    [Test]
    public void ReplySplitAtEveryByte_IsOnlyReadOnceComplete()
    {
        var bytes = Encoding.UTF8.GetBytes("*2\r\n$3\r\nabc\r\n:7\r\n");
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes, 0, cut);
            Assert.That(RespParser.TryRead(ref partial, out _), Is.False, $"incomplete at {cut} bytes");
            Assert.That(partial.Length, Is.EqualTo(cut), "nothing is consumed from an incomplete reply");
        }
        var whole = Segmented(bytes, 1);
        Assert.That(RespParser.TryRead(ref whole, out var reply), Is.True);
        Assert.That(reply.Elements[0].AsString(), Is.EqualTo("abc"));
        Assert.That(reply.Elements[1].AsInt64(), Is.EqualTo(7));
    }

    [Test]
    public void TwoRepliesInOneBuffer_AreReadOneAfterTheOther()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("+PONG\r\n:3\r\n"));
        Assert.That(RespParser.TryRead(ref buffer, out var first), Is.True);
        Assert.That(RespParser.TryRead(ref buffer, out var second), Is.True);
        Assert.That((first.AsString(), second.AsInt64(), buffer.Length), Is.EqualTo(("PONG", 3L, 0L)));
    }

    [TestCase("!3\r\nabc\r\n")]
    [TestCase("$3\r\nabcde\r\n")]
    [TestCase(":12x\r\n")]
    [TestCase("$-5\r\n")]
    public void NotResp_ThrowsProtocolError(string input)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(input));
        Assert.That(() => RespParser.TryRead(ref buffer, out _), Throws.TypeOf<RedisProtocolException>());
    }

    [Test]
    public void HugeDeclaredArray_WaitsForDataInsteadOfAllocating()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("*100000000\r\n:1\r\n"));
        Assert.That(RespParser.TryRead(ref buffer, out _), Is.False);
    }

    /// <summary>A sequence of many small segments, as a socket delivers data.</summary>
    static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null, last = null;
        for (var i = 0; i < bytes.Length; i += size)
        {
            var chunk = bytes.AsMemory(i, Math.Min(size, bytes.Length - i));
            if (last is null) first = last = new Segment(chunk, 0);
            else last = last.Append(chunk);
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
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
