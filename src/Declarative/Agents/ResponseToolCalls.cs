using Microsoft.Extensions.AI;

namespace Declarative;

/// <summary>
/// The function calls of a response, in the order asked, read in place: a turn's calls without a list
/// or array to hold them.
/// </summary>
/// <remarks>Indexed loops over the <see cref="IList{T}"/> views, since foreach would box an enumerator per list.</remarks>
internal readonly struct ResponseToolCalls
{
    private readonly IList<ChatMessage> _messages;

    public ResponseToolCalls(ChatResponse response)
    {
        _messages = response.Messages;
        var count = 0;
        foreach (var _ in this)
        {
            count++;
        }
        Count = count;
    }

    /// <summary>How many calls the response holds.</summary>
    public int Count { get; }

    /// <summary>The first call; the response must hold one.</summary>
    public FunctionCallContent First()
    {
        var calls = GetEnumerator();
        return calls.MoveNext() ? calls.Current : throw new InvalidOperationException("The response holds no function calls.");
    }

    /// <summary>The calls, copied out (for the paths that need them by index).</summary>
    public FunctionCallContent[] ToArray()
    {
        var calls = new FunctionCallContent[Count];
        var i = 0;
        foreach (var call in this)
        {
            calls[i++] = call;
        }
        return calls;
    }

    /// <summary>Enumerates the calls.</summary>
    public Enumerator GetEnumerator() => new(_messages);

    /// <summary>Walks the messages and their contents by index.</summary>
    public struct Enumerator(IList<ChatMessage> messages)
    {
        private int _message;
        private int _content = -1;

        /// <summary>The current call.</summary>
        public FunctionCallContent Current { get; private set; } = null!;

        /// <summary>Moves to the next call.</summary>
        public bool MoveNext()
        {
            for (; _message < messages.Count; _message++, _content = -1)
            {
                var contents = messages[_message].Contents;
                while (++_content < contents.Count)
                {
                    if (contents[_content] is FunctionCallContent call)
                    {
                        Current = call;
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
