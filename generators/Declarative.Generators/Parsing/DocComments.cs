using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Reads XML doc comments from the syntax trivia. With the SDK's defaults
/// (<c>GenerateDocumentationFile</c> off) the compiler parses <c>///</c> lines as plain comments and
/// <c>GetDocumentationCommentXml()</c> returns nothing, so the text is taken from the trivia itself.
/// </summary>
internal sealed class DocComments
{
    public static readonly DocComments Empty = new(null, new Dictionary<string, string>(), null);

    private readonly Dictionary<string, string> _parameters;

    private DocComments(string? summary, Dictionary<string, string> parameters, string? returns)
    {
        Summary = summary;
        _parameters = parameters;
        Returns = returns;
    }

    public string? Summary { get; }

    public string? Returns { get; }

    public string? Parameter(string name) => _parameters.TryGetValue(name, out var text) ? text : null;

    /// <summary>The doc comment of a symbol declared in source, or from metadata when it has one.</summary>
    public static DocComments For(ISymbol symbol)
    {
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax();
            // A variable declarator's comment sits on its field declaration; a record parameter has none.
            var owner = node.Parent?.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.FieldDeclarationSyntax field ? field : node;
            var xml = FromTrivia(owner.GetLeadingTrivia());
            if (xml is not null)
            {
                return Parse(xml);
            }
        }
        var fromMetadata = symbol.GetDocumentationCommentXml();
        return string.IsNullOrWhiteSpace(fromMetadata) ? Empty : Parse(fromMetadata!);
    }

    private static string? FromTrivia(SyntaxTriviaList trivia)
    {
        StringBuilder? builder = null;
        foreach (var item in trivia)
        {
            string? text = null;
            if (item.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || item.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
            {
                text = item.ToFullString();
            }
            else if (item.IsKind(SyntaxKind.SingleLineCommentTrivia))
            {
                var line = item.ToString();
                if (line.StartsWith("///", StringComparison.Ordinal) && !line.StartsWith("////", StringComparison.Ordinal))
                {
                    text = line;
                }
            }
            else if (item.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                // With documentation off, /** ... */ is an ordinary block comment.
                var block = item.ToString();
                if (block.StartsWith("/**", StringComparison.Ordinal) && !block.StartsWith("/**/", StringComparison.Ordinal))
                {
                    text = block;
                }
            }
            if (text is null)
            {
                continue;
            }
            builder ??= new StringBuilder();
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.StartsWith("///", StringComparison.Ordinal))
                {
                    line = line.Substring(3);
                }
                else if (line.StartsWith("/**", StringComparison.Ordinal))
                {
                    line = line.Substring(3);
                }
                if (line.EndsWith("*/", StringComparison.Ordinal))
                {
                    line = line.Substring(0, line.Length - 2);
                }
                line = line.TrimStart('*', ' ');
                builder.Append(line).Append('\n');
            }
        }
        return builder?.ToString();
    }

    /// <summary>The parameters' descriptions, by name.</summary>
    internal IReadOnlyDictionary<string, string> Parameters => _parameters;

    /// <summary>Reads the text of a doc comment (its XML without the <c>///</c>).</summary>
    internal static DocComments Parse(string xml)
    {
        // Most doc comments are a few plain elements; reading those needs no XmlReader (whose buffers
        // dominate the cost of a cold build's thousand comments). Anything else goes to XElement.
        if (SimpleXml.TryParse(xml) is { } simple)
        {
            return FromSimple(simple);
        }
        return ParseWithXElement(xml);
    }

    /// <summary>As <see cref="Parse"/>, always through <see cref="XElement"/>: the reference the simple reader must match.</summary>
    internal static DocComments ParseWithXElement(string xml)
    {
        XElement root;
        try
        {
            root = XElement.Parse("<root>" + xml + "</root>", LoadOptions.None);
        }
        catch (System.Xml.XmlException)
        {
            return Empty;
        }
        var member = root.Element("member") ?? root;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in member.Elements("param"))
        {
            var name = (string?)param.Attribute("name");
            var text = Text(param);
            if (name is not null && text is not null)
            {
                parameters[name] = text;
            }
        }
        return new DocComments(Text(member.Element("summary")), parameters, Text(member.Element("returns")));
    }

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }
        var builder = new StringBuilder();
        Append(element, builder);
        var text = CollapseWhitespace(builder);
        return text.Length == 0 ? null : text;
    }

    // Runs of white space (line breaks and the indentation of comment lines) become one space.
    private static string CollapseWhitespace(StringBuilder text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    private static void Append(XElement element, StringBuilder builder)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement child when child.Name.LocalName is "see" or "seealso" or "paramref" or "typeparamref":
                    var reference = (string?)child.Attribute("cref") ?? (string?)child.Attribute("name") ?? (string?)child.Attribute("langword") ?? (string?)child.Attribute("href");
                    if (child.Nodes().Any())
                    {
                        Append(child, builder);
                    }
                    else if (reference is not null)
                    {
                        AppendReference(reference, builder);
                    }
                    break;
                case XElement child when child.Name.LocalName == "para":
                    builder.Append(' ');
                    Append(child, builder);
                    builder.Append(' ');
                    break;
                case XElement child:
                    Append(child, builder);
                    break;
            }
        }
    }

    /// <summary>A reference with no text of its own reads as its short name: <c>T:Demo.Order</c> is "Order".</summary>
    private static void AppendReference(string reference, StringBuilder builder)
    {
        var colon = reference.IndexOf(':');
        var name = colon >= 0 ? reference.Substring(colon + 1) : reference;
        var dot = name.LastIndexOf('.');
        builder.Append(dot >= 0 ? name.Substring(dot + 1) : name);
    }

    private static DocComments FromSimple(SimpleXml.Element root)
    {
        var member = root.Child("member") ?? root;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in member.Nodes)
        {
            if (node is SimpleXml.Element { Name: "param" } param)
            {
                var name = param.Attribute("name");
                var text = Text(param);
                if (name is not null && text is not null)
                {
                    parameters[name] = text;
                }
            }
        }
        return new DocComments(Text(member.Child("summary")), parameters, Text(member.Child("returns")));
    }

    private static string? Text(SimpleXml.Element? element)
    {
        if (element is null)
        {
            return null;
        }
        var builder = new StringBuilder();
        Append(element, builder);
        var text = CollapseWhitespace(builder);
        return text.Length == 0 ? null : text;
    }

    // Mirrors Append(XElement, StringBuilder) exactly.
    private static void Append(SimpleXml.Element element, StringBuilder builder)
    {
        foreach (var node in element.Nodes)
        {
            switch (node)
            {
                case string text:
                    builder.Append(text);
                    break;
                case SimpleXml.Element child when child.Name is "see" or "seealso" or "paramref" or "typeparamref":
                    var reference = child.Attribute("cref") ?? child.Attribute("name") ?? child.Attribute("langword") ?? child.Attribute("href");
                    if (child.Nodes.Count > 0)
                    {
                        Append(child, builder);
                    }
                    else if (reference is not null)
                    {
                        AppendReference(reference, builder);
                    }
                    break;
                case SimpleXml.Element child when child.Name == "para":
                    builder.Append(' ');
                    Append(child, builder);
                    builder.Append(' ');
                    break;
                case SimpleXml.Element child:
                    Append(child, builder);
                    break;
            }
        }
    }
}
