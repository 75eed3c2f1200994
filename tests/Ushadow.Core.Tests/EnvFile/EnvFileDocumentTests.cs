using Ushadow.Core.EnvFile;

namespace Ushadow.Core.Tests.EnvFile;

public class EnvFileDocumentTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Null_or_empty_text_is_an_empty_document(string? text)
    {
        var document = EnvFileDocument.Parse(text);

        Assert.Equal("", document.Text);
        Assert.Null(document.Get("ENV_NAME"));
    }

    [Theory]
    [InlineData("=\n'\n\"\n")]
    [InlineData("A=\"never closed\nB='also open\n")]
    [InlineData("export\nexport \n'=x\n\\\n\0\r\r\n")]
    [InlineData("A=\"x\"junk\nthis is not an assignment\n=oops")]
    public void Unparsable_text_is_read_without_throwing_and_kept(string text)
    {
        var document = EnvFileDocument.Parse(text);

        Assert.Equal(text, document.Text);
        document.Set("ENV_NAME", "dev");
        Assert.StartsWith(text, document.Text, StringComparison.Ordinal);
        Assert.Equal("dev", document.Get("ENV_NAME"));
    }

    [Theory]
    [InlineData("KEY=value", "value")]
    [InlineData("export KEY=value", "value")]
    [InlineData("  export\tKEY=value", "value")]
    [InlineData("KEY = value", "value")]
    [InlineData("KEY=  value  ", "value")]
    [InlineData("KEY='it is # not = a comment'", "it is # not = a comment")]
    [InlineData(@"KEY='single \n quotes are literal'", @"single \n quotes are literal")]
    [InlineData(@"KEY='python-dotenv unescapes \' and \\ here'", @"python-dotenv unescapes ' and \ here")]
    [InlineData(@"KEY=""a\nb \""q\"" c\\d""", "a\nb \"q\" c\\d")]
    [InlineData("KEY=\"# kept\" # dropped", "# kept")]
    [InlineData("KEY=value # comment", "value")]
    [InlineData("KEY=value\t#comment", "value")]
    [InlineData("KEY=value#not-a-comment", "value#not-a-comment")]
    [InlineData("KEY=a b c   ", "a b c")]
    [InlineData("KEY=", "")]
    [InlineData("KEY=\r\n", "")]
    [InlineData("KEY=''", "")]
    [InlineData("KEY= # python-dotenv reads this as the value", "# python-dotenv reads this as the value")]
    [InlineData("'KEY'=quoted-key", "quoted-key")]
    public void Values_are_read_as_python_dotenv_reads_them(string text, string expected) =>
        Assert.Equal(expected, EnvFileDocument.Parse(text).Get("KEY"));

    [Fact]
    public void The_last_assignment_wins() =>
        Assert.Equal("second", EnvFileDocument.Parse("KEY=first\nOTHER=x\nKEY=second\n").Get("KEY"));

    [Theory]
    [InlineData("OTHER=1\n# KEY=commented\nKEY_SUFFIX=2\nMY_KEY=3\n")]
    [InlineData("KEY=1\nKEY\n")]
    public void A_key_without_assignment_reads_as_null(string text) => Assert.Null(EnvFileDocument.Parse(text).Get("KEY"));

    [Fact]
    public void An_assignment_inside_a_multi_line_quoted_value_is_not_an_assignment()
    {
        const string Text = "CERT=\"-----BEGIN-----\nKEY=inside\r\n-----END-----\"\nOTHER='a\nKEY=also inside'\n";
        var document = EnvFileDocument.Parse(Text);

        Assert.Null(document.Get("KEY"));
        Assert.Equal("-----BEGIN-----\nKEY=inside\n-----END-----", document.Get("CERT"));

        document.Set("KEY", "real");

        Assert.Equal(Text + "KEY=real\n", document.Text);
        Assert.Equal("-----BEGIN-----\nKEY=inside\n-----END-----", document.Get("CERT"));
    }

    [Fact]
    public void Text_is_byte_identical_when_nothing_is_set()
    {
        const string Text = "\uFEFF# c\r\n\r\n  export A='x # y'  # z\n\tB=\"m\r\nn\"\rC\n=bad\nD=1";

        Assert.Equal(Text, EnvFileDocument.Parse(Text).Text);
    }

    [Theory]
    [InlineData("ENV_NAME=dev\n")]
    [InlineData("export ENV_NAME='dev' # set by Ushadow\r\n")]
    [InlineData("ENV_NAME=\"dev\"")]
    [InlineData("ENV_NAME=old\nENV_NAME = dev   \n")]
    public void Setting_an_equal_value_changes_nothing(string text)
    {
        var document = EnvFileDocument.Parse(text);

        document.Set("ENV_NAME", "dev");

        Assert.Same(text, document.Text);
    }

    [Theory]
    [InlineData("ENV_NAME=old\n", "ENV_NAME=new\n")]
    [InlineData("  export  ENV_NAME = old  # where we run\r\n", "  export  ENV_NAME = new  # where we run\r\n")]
    [InlineData("ENV_NAME='old' #c\n", "ENV_NAME='new' #c\n")]
    [InlineData("ENV_NAME=\"old\"#c\r\n", "ENV_NAME=\"new\"#c\r\n")]
    [InlineData("ENV_NAME=\"multi\nline\"\n", "ENV_NAME=\"new\"\n")]
    [InlineData("ENV_NAME=\nNEXT=1\n", "ENV_NAME=new\nNEXT=1\n")]
    [InlineData("ENV_NAME=  \r\n", "ENV_NAME=  new\r\n")]
    [InlineData("ENV_NAME=old", "ENV_NAME=new")]
    [InlineData("'ENV_NAME'=old\n", "'ENV_NAME'=new\n")]
    public void The_assignment_is_rewritten_in_place_keeping_its_form(string text, string expected)
    {
        var document = EnvFileDocument.Parse(text);

        document.Set("ENV_NAME", "new");

        Assert.Equal(expected, document.Text);
        Assert.Equal("new", document.Get("ENV_NAME"));
    }

    [Fact]
    public void Only_the_last_of_duplicated_assignments_is_rewritten()
    {
        var document = EnvFileDocument.Parse("ENV_NAME=a\r\n# note\nENV_NAME='b'\nENV_NAME_OLD=c\n");

        document.Set("ENV_NAME", "new");

        Assert.Equal("ENV_NAME=a\r\n# note\nENV_NAME='new'\nENV_NAME_OLD=c\n", document.Text);
    }

    [Fact]
    public void Foreign_lines_survive_byte_for_byte()
    {
        const string Foreign = "# header\r\n\r\n export API_URL=\"http://x/#frag\" # keep\n\tSECRET='a=b#c'\r\nnot an assignment\n";
        var document = EnvFileDocument.Parse(Foreign + "ENV_NAME=old\n" + "TAIL=1 # end");

        document.Set("ENV_NAME", "new");
        document.Set("REDIS_DATABASE", "3");

        // Three CRLF and three LF: a tie goes to LF.
        Assert.Equal(Foreign + "ENV_NAME=new\n" + "TAIL=1 # end\nREDIS_DATABASE=3\n", document.Text);
    }

    [Theory]
    [InlineData("", "ENV_NAME=dev\n")]
    [InlineData("A=1\n", "A=1\nENV_NAME=dev\n")]
    [InlineData("A=1", "A=1\nENV_NAME=dev\n")]
    [InlineData("A=1\r\nB=2", "A=1\r\nB=2\r\nENV_NAME=dev\r\n")]
    [InlineData("A=1\r\nB=2\nC=3\r\n", "A=1\r\nB=2\nC=3\r\nENV_NAME=dev\r\n")]
    [InlineData("A=1\r\nB=2\n", "A=1\r\nB=2\nENV_NAME=dev\n")]
    [InlineData("A=1\rB=2\r", "A=1\rB=2\rENV_NAME=dev\r")]
    public void A_missing_key_is_appended_with_the_dominant_line_ending(string text, string expected)
    {
        var document = EnvFileDocument.Parse(text);

        document.Set("ENV_NAME", "dev");

        Assert.Equal(expected, document.Text);
    }

    [Fact]
    public void A_bare_key_after_the_assignment_gets_a_new_assignment_after_it()
    {
        var document = EnvFileDocument.Parse("ENV_NAME=old\nENV_NAME\n");

        document.Set("ENV_NAME", "new");

        Assert.Equal("ENV_NAME=old\nENV_NAME\nENV_NAME=new\n", document.Text);
        Assert.Equal("new", document.Get("ENV_NAME"));
    }

    [Theory]
    [InlineData("ENV_NAME=old\n", "ENV_NAME=\n")]
    [InlineData("ENV_NAME='old' # c\n", "ENV_NAME='' # c\n")]
    [InlineData("ENV_NAME=old # c\n", "ENV_NAME=\"\" # c\n")]
    public void An_empty_value_is_written_so_that_it_reads_back_empty(string text, string expected)
    {
        var document = EnvFileDocument.Parse(text);

        document.Set("ENV_NAME", "");

        Assert.Equal(expected, document.Text);
        Assert.Equal("", EnvFileDocument.Parse(document.Text).Get("ENV_NAME"));
    }

    [Theory]
    [InlineData("dollar$")]
    [InlineData("quote\"")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak")]
    public void Values_no_reader_would_read_back_the_same_are_refused(string value) =>
        Assert.Throws<ArgumentException>(() => EnvFileDocument.Parse("").Set("ENV_NAME", value));

    [Theory]
    [InlineData("team+data", "SHARED=team+data\n")]
    [InlineData("has space", "SHARED=\"has space\"\n")]
    [InlineData("quote'", "SHARED=\"quote'\"\n")]
    [InlineData("hash#x", "SHARED=\"hash#x\"\n")]
    [InlineData("ünicode", "SHARED=\"ünicode\"\n")]
    public void Values_that_need_quoting_are_written_in_double_quotes_and_read_back(string value, string expected)
    {
        var document = EnvFileDocument.Parse("");
        document.Set("SHARED", value);
        Assert.Equal(expected, document.Text);
        Assert.Equal(value, EnvFileDocument.Parse(document.Text).Get("SHARED"));
    }

    [Theory]
    [InlineData("SHARED=plain # note\n", "a#b", "SHARED=\"a#b\" # note\n")]
    [InlineData("SHARED='single'\n", "it's", "SHARED=\"it's\"\n")]
    [InlineData("SHARED='single'\n", "a b", "SHARED='a b'\n")]
    [InlineData("export SHARED=\"dq\"\r\n", "x;y", "export SHARED=\"x;y\"\r\n")]
    public void A_line_whose_quoting_cannot_hold_the_value_is_requoted_in_place(string text, string value, string expected)
    {
        var document = EnvFileDocument.Parse(text);
        document.Set("SHARED", value);
        Assert.Equal(expected, document.Text);
        Assert.Equal(value, EnvFileDocument.Parse(document.Text).Get("SHARED"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1ENV")]
    [InlineData("ENV NAME")]
    [InlineData("ENV=NAME")]
    public void Keys_that_are_not_variable_names_are_refused(string key) =>
        Assert.Throws<ArgumentException>(() => EnvFileDocument.Parse("").Set(key, "x"));
}
