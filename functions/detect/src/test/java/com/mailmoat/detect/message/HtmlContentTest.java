package com.mailmoat.detect.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The linear HTML scanner on markup written for this test, including broken markup. */
class HtmlContentTest {

    private static HtmlContent parse(String html) {
        return HtmlContent.parse(html, 100, Link.Source.ANCHOR);
    }

    @Test
    void visibleTextSkipsScriptsStylesCommentsAndTitle() {
        HtmlContent c = parse("<html><head><title>Hidden title</title><style>p{color:red}</style></head>"
                + "<body><!-- a comment --><p>Hello&nbsp;there</p><script>var x = '<p>no</p>';</script>"
                + "<div>Caf&eacute; &amp; cr&#232;me &#x2014; done</div></body></html>");
        assertThat(c.text()).isEqualTo("Hello\u00a0there Café & crème — done");
        assertThat(c.features().scripts()).isEqualTo(1);
    }

    @Test
    void inlineTagsDoNotSplitWordsButBlocksDo() {
        assertThat(parse("<b>Pay</b>Pal<br>account<td>x</td>").text()).isEqualTo("PayPal account x");
    }

    @Test
    void anchorsKeepTheirTextAndDecodedHref() {
        HtmlContent c = parse("<a class=btn href='https://example.org/a?x=1&amp;y=2'>Sign <i>in</i></a>"
                + "<a href=https://unquoted.example/p>go</a><a name=top>no href</a>");
        assertThat(c.links()).containsExactly(
                new Link("https://example.org/a?x=1&y=2", "Sign in", Link.Source.ANCHOR),
                new Link("https://unquoted.example/p", "go", Link.Source.ANCHOR));
    }

    @Test
    void formsPasswordFieldsRefreshAndSmugglingAreCounted() {
        HtmlContent c = parse("<form action=\"https://collect.example/post\"><input type=\"PASSWORD\" name=p>"
                + "<input name=\"user_passwd\"></form><meta http-equiv=Refresh content=\"0; url=https://next.example/\">"
                + "<img src=a.png><IMG SRC=b.png><script>var b = new Blob([atob(d)]); a.download = 'x.html';</script>");
        assertThat(c.features().forms()).isEqualTo(1);
        assertThat(c.features().passwordInputs()).isEqualTo(2);
        assertThat(c.features().metaRefresh()).isTrue();
        assertThat(c.features().hiddenSmuggling()).isTrue();
        assertThat(c.features().images()).isEqualTo(2);
        assertThat(c.links()).extracting(Link::url).contains("https://collect.example/post", "https://next.example/");
    }

    @Test
    void brokenMarkupNeverThrowsAndKeepsTheText() {
        assertThat(parse("a < b and c > d").text()).isEqualTo("a < b and c > d");
        assertThat(parse("<a href=\"https://x.example/unterminated").links()).isEmpty();
        assertThat(parse("text <!-- never closed").text()).isEqualTo("text");
        assertThat(parse("<script>no end").features().scripts()).isEqualTo(1);
        assertThat(parse("&bogus; &#xZZ; &").text()).isEqualTo("&bogus; &#xZZ; &");
        assertThat(parse("<").text()).isEqualTo("<");
    }

    @Test
    void linkLimitIsRespected() {
        String many = "<a href=https://a.example/x>x</a>".repeat(50);
        assertThat(HtmlContent.parse(many, 10, Link.Source.ANCHOR).links()).hasSize(10);
    }
}
