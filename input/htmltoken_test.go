package input

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The tokenizer is held to x/net/html's, which the reader used before (and which
// stays a dependency of the tests only): the same tokens, with the same tag names,
// attributes and text, on the published pages and on the corners of the WHATWG
// tokenization below.

// xnetTokens lists a page's tokens as x/net/html's Tokenizer reads them.
func xnetTokens(page []byte) []string {
	z := html.NewTokenizer(bytes.NewReader(page))
	var out []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.TextToken:
			out = append(out, fmt.Sprintf("text %q", z.Text()))
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, more := z.TagName()
			s := map[html.TokenType]string{html.StartTagToken: "start", html.SelfClosingTagToken: "self", html.EndTagToken: "end"}[tt] + " " + string(name)
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				s += fmt.Sprintf(" %q=%q", k, v)
			}
			out = append(out, s)
		case html.CommentToken:
			out = append(out, "comment")
		case html.DoctypeToken:
			out = append(out, "doctype")
		}
	}
}

// ourTokens lists a page's tokens as htmlTokenizer reads them, in the same form.
func ourTokens(page []byte) []string {
	z := newHTMLTokenizer(bytes.Clone(page))
	var out []string
	for {
		tt := z.next()
		switch tt {
		case htmlEOF:
			return out
		case htmlText:
			out = append(out, fmt.Sprintf("text %q", z.text()))
		case htmlStartTag, htmlSelfClosingTag, htmlEndTag:
			name, more := z.tagName()
			s := map[htmlTokenType]string{htmlStartTag: "start", htmlSelfClosingTag: "self", htmlEndTag: "end"}[tt] + " " + string(name)
			for more {
				var k, v []byte
				k, v, more = z.attr()
				s += fmt.Sprintf(" %q=%q", k, v)
			}
			out = append(out, s)
		case htmlComment:
			out = append(out, "comment")
		case htmlDoctype:
			out = append(out, "doctype")
		}
	}
}

// tokenCorners are pages at the corners of the tokenization, each a case a page
// could (and a fuzzer would) hold.
var tokenCorners = []string{
	"",
	"plain text",
	"<p>段落</p>",
	"<P CLASS=MsoNormal>大写</P>",
	"a < b and c <= d, 1<2",
	"<",
	"text<",
	"text</",
	"</",
	"</>",
	"</ p>",
	"</3>",
	"<a",
	"<a href",
	"<a href=",
	"<a href='x",
	`<a href="x">`,
	"</a",
	"<!",
	"<!-",
	"<!--",
	"<!-->",
	"<!--->",
	"<!---->",
	"<!-- 注释 -->后",
	"<!-- a --!> b",
	"<!-- a --!",
	"<!-- a --!- -> b --> c",
	"<!-- a --!x> b --> c",
	"<!-- a - -> b --> c",
	"<!DOCTYPE html><html>",
	"<!doctype>",
	"<!DOCTY",
	"<!DOCTYPE",
	"<!DOCTYPE ",
	"<!DOCX> 后",
	"<![CDATA[x]]>",
	"<?xml version=\"1.0\"?>后",
	"<?xml",
	"<br/><br /><p a=/><p a=b/><p a='/'/>",
	"<img src=x.png/>",
	`<td colspan="2" rowspan=3 nowrap>x</td>`,
	`<td =a b= =c d =e f>`,
	`<td a = "1" b= '2' c =3>`,
	`<td/colspan=2/>`,
	`<td colspan="&#50;" rowspan="&#x33;">`,
	`<td title="&amp;&amp=&ampx&amp;x&notit;&notit&not &semi;&nbsp3&#;&#1&#12ab;&;&" x="&lt">`,
	"&amp;&lt;&gt;&nbsp;&nbsp&notit;&notin;&#20320;&#x597D;&#0;&#x110000;&#128;&#55296;&bogus;&",
	"line\r\nline\rline\n",
	`<td a="x` + "\r\n" + `y">`,
	"nul\x00here<title>t\x00&amp;\r\n</title><style>s\x00&amp;</style>",
	"<script>if (a<b) x = '</scr' + 'ipt>';</script>后",
	"<script><!-- document.write('<script>x</script>'); --></script>后",
	"<script><!-- a --></script>后",
	"<script><!--<script></script>--></script>后",
	"<script><!--<script></script></script>后",
	"<script><!--<scriptx></script>后",
	"<script><!--<scr",
	"<script><!--<script",
	"<script><!--<script>--!></script>",
	"<script><!- -></script>",
	"<script><!</script>",
	"<script><</script>",
	"<script></scrip></script >后",
	"<script></SCRIPT/>后",
	"<script>",
	"<script></script",
	"<SCRIPT>x</SCRIPT>",
	"<script/>x</script>y",
	"<title/>标题</title>",
	"<textarea>a &lt; b</textarea>",
	"<xmp><b>&amp;</b></xmp>",
	"<iframe><p></iframe>",
	"<noscript><p>x</p></noscript>",
	"<style>p{}</style >后",
	"<style>p{}</styles></style>",
	"<plaintext><p>all &amp; text",
	"<plaintext>",
	"<meta charset=gbk><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
	"<a\tb\nc\fd\re>",
	"<a b c>",
	"<a b/c>",
	"<a/>",
	"<a///>",
	"<a b='c'd>",
	"<a b=c'd>",
	"<a b==c>",
	"<a b=>c",
	"<a b = >c",
	"<table><tr><td>1</td><td>２</td></tr></table>",
}

func TestHTMLTokensAsXNet(t *testing.T) {
	pages := map[string][]byte{}
	for i, s := range tokenCorners {
		pages[fmt.Sprintf("corner %d %q", i, s)] = []byte(s)
	}
	files, err := filepath.Glob("../testdata/published/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no published pages: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[f] = b
	}
	for name, page := range pages {
		want, got := xnetTokens(page), ourTokens(page)
		if d := firstDifference(want, got); d != "" {
			t.Errorf("%s: %s", name, d)
		}
	}
}

func FuzzHTMLTokens(f *testing.F) {
	for _, s := range tokenCorners {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		want, got := xnetTokens(page), ourTokens(page)
		if d := firstDifference(want, got); d != "" {
			t.Errorf("%q: %s", page, d)
		}
	})
}

// firstDifference describes where two token lists part, "" when they do not.
func firstDifference(want, got []string) string {
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if w != g {
			return fmt.Sprintf("token %d: x/net/html reads %s, we read %s (before it: %s)", i, orNone(w), orNone(g), strings.Join(want[max(0, i-3):i], " | "))
		}
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}
