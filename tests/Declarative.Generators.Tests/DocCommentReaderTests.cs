using Declarative.Generators.Parsing;
using Xunit;

namespace Declarative.Generators.Tests;

/// <summary>
/// Doc comments are read by a small reader for plain XML, with <c>XElement</c> behind it for anything
/// else. Whichever runs, the descriptions must be the same: each case here is read both ways.
/// </summary>
public sealed class DocCommentReaderTests
{
    public static TheoryData<string> Comments => new()
    {
        "<summary>Gets the forecast.</summary>\n",
        "<summary>\nGets the\n   forecast.\n</summary>\n<param name=\"city\">The city.</param>\n<returns>The text.</returns>\n",
        "<summary>Uses <see cref=\"T:System.String\"/> and <see cref=\"M:A.B.C(System.Int32)\"/>.</summary>",
        "<summary><see cref=\"A\"/> <see cref=\"B\"/></summary>",
        "<summary> <see langword=\"null\"/> or <paramref name=\"x\"/>, <typeparamref name='T'/></summary>",
        "<summary><see href=\"https://example.com/a.b\">the docs</see> and <seealso cref=\"X.Y\"></seealso></summary>",
        "<summary>First.<para>Second.</para><para>Third.</para></summary>",
        "<summary>Nested <b>bold <i>italic</i></b> text.</summary>",
        "<summary>a > b</summary>",
        "<summary>Tom &amp; Jerry &lt;3</summary>",
        "<summary><![CDATA[raw <text>]]></summary>",
        "<summary><!-- hidden -->Shown.</summary>",
        "<summary>Unclosed",
        "<summary>Mismatched</returns>",
        "<summary>Stray < sign</summary>",
        "<summary>Two</summary><summary>summaries</summary>",
        "<param name=\"a\">One.</param><param name=\"a\">Two.</param><param>No name.</param><param name=\"b\"></param>",
        "<param name = 'a' >Spaced.</param >",
        "<param name=\"a\" name=\"b\">Duplicate attribute.</param>",
        "<param name=\"a\"x=\"b\">No space between attributes.</param>",
        "<param name=\"a\tb\">Tab in a value.</param>",
        "<param name=\"a\nb\">Newline in a value.</param>",
        "<x:summary xmlns:x=\"urn:x\">Prefixed.</x:summary>",
        "<summary xmlns=\"urn:x\">Default namespace.</summary>",
        "<member name=\"M:A.B\"><summary>Inside member.</summary><param name=\"p\">P.</param></member>",
        "<summary>Café, naïve, 日本語.</summary>",
        "<summary>Emoji 😀.</summary>",
        "<summary>Tab\tand\ttext.</summary>",
        "<summary>Line\r\nbreaks.</summary>",
        "<summary>CDATA end ]]> in text.</summary>",
        "<summary/><returns/>",
        "<summary>   </summary>",
        "<summary><see/></summary>",
        "<?pi data?><summary>After a processing instruction.</summary>",
        "</root><root>Breaking out.",
        "<summary>1 < 2</summary>",
        "<summary a=\"1\"b=\"2\">x</summary>",
        "<summary a=\"<\">x</summary>",
        "<summary a=\"x>y\">x</summary>",
        "<9summary>Bad name.</9summary>",
        "<sum-mary.x_y>Odd but valid name.</sum-mary.x_y><summary>Real.</summary>",
        "",
        "plain text only",
    };

    [Theory]
    [MemberData(nameof(Comments))]
    public void The_simple_reader_reads_as_XElement_does(string xml)
    {
        var expected = DocComments.ParseWithXElement(xml);
        var actual = DocComments.Parse(xml);

        Assert.Equal(expected.Summary, actual.Summary);
        Assert.Equal(expected.Returns, actual.Returns);
        Assert.Equal(expected.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal), actual.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("<summary>Gets the forecast.</summary>\n<param name=\"city\">The city.</param>\n")]
    [InlineData("<summary>Uses <see cref=\"T:System.String\"/>.</summary>")]
    public void Plain_comments_take_the_simple_reader(string xml)
        => Assert.NotNull(SimpleXml.TryParse(xml));
}
