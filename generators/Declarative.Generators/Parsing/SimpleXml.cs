using System.Collections.Generic;

namespace Declarative.Generators.Parsing;

/// <summary>
/// A reader for the plain XML most doc comments are: elements with quoted attributes and text, no
/// entities, comments, CDATA, namespaces or processing instructions. It reads such text exactly as
/// <c>XElement.Parse(text, LoadOptions.None)</c> does (whitespace-only text between tags dropped) and
/// gives up, returning null, on anything outside that subset, malformed or not; the caller then asks
/// <c>XElement</c>, so results never depend on which reader ran.
/// </summary>
internal static class SimpleXml
{
    /// <summary>An element: its name, its attributes in order and its nodes (strings and elements).</summary>
    public sealed class Element
    {
        public Element(string name) => Name = name;

        public string Name { get; }

        public List<KeyValuePair<string, string>> Attributes { get; } = new();

        public List<object> Nodes { get; } = new();

        public string? Attribute(string name)
        {
            foreach (var attribute in Attributes)
            {
                if (attribute.Key == name)
                {
                    return attribute.Value;
                }
            }
            return null;
        }

        public Element? Child(string name)
        {
            foreach (var node in Nodes)
            {
                if (node is Element element && element.Name == name)
                {
                    return element;
                }
            }
            return null;
        }
    }

    /// <summary>The content wrapped in a root element, or null when it is outside the simple subset.</summary>
    public static Element? TryParse(string content)
    {
        // Reject up front what the subset leaves out: entities, markup declarations, CDATA, comments,
        // processing instructions, carriage returns (normalized by XML) and characters XML forbids or
        // that need care (control characters, surrogates, U+FFFE/U+FFFF).
        foreach (var c in content)
        {
            if (c == '&' || c == '\r' || (c < ' ' && c != '\n' && c != '\t') || (c >= '\uD800' && c <= '\uDFFF') || c >= '\uFFFE')
            {
                return null;
            }
        }
        if (content.IndexOf("<!", System.StringComparison.Ordinal) >= 0
            || content.IndexOf("<?", System.StringComparison.Ordinal) >= 0
            || content.IndexOf("]]>", System.StringComparison.Ordinal) >= 0)
        {
            return null;
        }

        var root = new Element("root");
        var stack = new List<Element> { root };
        var i = 0;
        while (i < content.Length)
        {
            var lt = content.IndexOf('<', i);
            var end = lt < 0 ? content.Length : lt;
            if (end > i)
            {
                AddText(stack[stack.Count - 1], content.Substring(i, end - i));
            }
            if (lt < 0)
            {
                break;
            }
            i = lt + 1;
            if (i < content.Length && content[i] == '/')
            {
                // End tag: </name whitespace? >
                i++;
                var name = ReadName(content, ref i);
                if (name is null || stack.Count == 1 || stack[stack.Count - 1].Name != name)
                {
                    return null;
                }
                SkipWhitespace(content, ref i);
                if (i >= content.Length || content[i] != '>')
                {
                    return null;
                }
                i++;
                stack.RemoveAt(stack.Count - 1);
                continue;
            }

            // Start tag: <name (whitespace name = quoted)* whitespace? (/>|>)
            var elementName = ReadName(content, ref i);
            if (elementName is null)
            {
                return null;
            }
            var element = new Element(elementName);
            while (true)
            {
                var hadWhitespace = SkipWhitespace(content, ref i);
                if (i >= content.Length)
                {
                    return null;
                }
                if (content[i] == '>' || content[i] == '/')
                {
                    break;
                }
                if (!hadWhitespace)
                {
                    return null;
                }
                var attributeName = ReadName(content, ref i);
                if (attributeName is null || attributeName.StartsWith("xmlns", System.StringComparison.Ordinal) || element.Attribute(attributeName) is not null)
                {
                    return null;
                }
                SkipWhitespace(content, ref i);
                if (i >= content.Length || content[i] != '=')
                {
                    return null;
                }
                i++;
                SkipWhitespace(content, ref i);
                if (i >= content.Length || (content[i] != '"' && content[i] != '\''))
                {
                    return null;
                }
                var quote = content[i];
                var close = content.IndexOf(quote, i + 1);
                if (close < 0)
                {
                    return null;
                }
                var value = content.Substring(i + 1, close - i - 1);
                // XML normalizes white space inside attribute values; plain values only.
                if (value.IndexOf('<') >= 0 || value.IndexOf('\n') >= 0 || value.IndexOf('\t') >= 0)
                {
                    return null;
                }
                element.Attributes.Add(new KeyValuePair<string, string>(attributeName, value));
                i = close + 1;
            }
            stack[stack.Count - 1].Nodes.Add(element);
            if (content[i] == '/')
            {
                if (i + 1 >= content.Length || content[i + 1] != '>')
                {
                    return null;
                }
                i += 2;
            }
            else
            {
                i++;
                stack.Add(element);
            }
        }
        return stack.Count == 1 ? root : null;
    }

    // A text node; whitespace-only ones are dropped, as XmlReaderSettings.IgnoreWhitespace does.
    private static void AddText(Element parent, string text)
    {
        foreach (var c in text)
        {
            if (c is not (' ' or '\n' or '\t'))
            {
                parent.Nodes.Add(text);
                return;
            }
        }
    }

    private static bool SkipWhitespace(string content, ref int i)
    {
        var start = i;
        while (i < content.Length && content[i] is ' ' or '\n' or '\t')
        {
            i++;
        }
        return i > start;
    }

    // ASCII names without a prefix; anything else (namespaces, other letters) is left to XElement.
    private static string? ReadName(string content, ref int i)
    {
        var start = i;
        if (i >= content.Length || !(content[i] is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'))
        {
            return null;
        }
        i++;
        while (i < content.Length && content[i] is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.')
        {
            i++;
        }
        return content.Substring(start, i - start);
    }
}
