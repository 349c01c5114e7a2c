package input

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// scanEvents lists what xmlScanner finds: start and end tags by local name (a
// self-closing tag as both), each with its val attribute, and text with references
// replaced, line breaks normalised as XML does.
func scanEvents(b []byte) ([]string, error) {
	s := xmlScanner{b: b}
	var out []string
	for {
		tok, name, attrs, cdata, err := s.next()
		if err != nil {
			return out, err
		}
		switch tok {
		case xmlEOF:
			return out, nil
		case xmlStart, xmlSelfClosing:
			v, ok := xmlAttr(attrs, "val")
			out = append(out, fmt.Sprintf("<%s %q %v>", name, v, ok))
			if tok == xmlSelfClosing {
				out = append(out, "</"+string(name)+">")
			}
		case xmlEnd:
			out = append(out, "</"+string(name)+">")
		case xmlText:
			t := name
			if !cdata {
				t = appendText(nil, name)
			}
			out = appendTextEvent(out, string(t))
		}
	}
}

// xmlEvents lists the same with encoding/xml, which checks well-formedness.
func xmlEvents(b []byte) ([]string, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			v, ok := "", false
			for _, a := range t.Attr {
				if a.Name.Local == "val" && !ok {
					v, ok = a.Value, true
				}
			}
			out = append(out, fmt.Sprintf("<%s %q %v>", t.Name.Local, v, ok))
		case xml.EndElement:
			out = append(out, "</"+t.Name.Local+">")
		case xml.CharData:
			out = appendTextEvent(out, string(t))
		}
	}
}

// appendTextEvent adds text, joined to text just before it (CDATA next to plain text),
// with XML's end-of-line handling.
func appendTextEvent(out []string, t string) []string {
	t = strings.ReplaceAll(strings.ReplaceAll(t, "\r\n", "\n"), "\r", "\n")
	if t == "" {
		return out
	}
	if n := len(out); n > 0 && strings.HasPrefix(out[n-1], "text:") {
		out[n-1] += t
		return out
	}
	return append(out, "text:"+t)
}

// TestXMLScanner: the scanner reads what WordprocessingML holds as encoding/xml does:
// prefixes dropped, attributes in either quotes and with '>' inside, the five
// entities and character references, CDATA, comments and processing instructions
// skipped.
func TestXMLScanner(t *testing.T) {
	doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\r\n" +
		`<w:document xmlns:w="urn:w"><!-- 注释 <w:t>不是正文</w:t> --><w:body>` +
		`<w:p><w:r><w:t xml:space="preserve"> 第&#20108;十条 &amp; &lt;表&gt; &#x4E00;&quot;&apos;</w:t></w:r></w:p>` +
		`<w:tc><w:tcPr><w:gridSpan w:val='3'/><w:vMerge w:val="a>b"/><w:vMerge/></w:tcPr>` +
		`<w:t><![CDATA[<原样>&amp;]]>后</w:t></w:tc><?pi data?></w:body></w:document>`
	got, err := scanEvents([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want, err := xmlEvents([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scanner:\n%q\nencoding/xml:\n%q", got, want)
	}
	for _, ev := range []string{"text: 第二十条 & <表> 一\"'", `<gridSpan "3" true>`, `<vMerge "a>b" true>`, `<vMerge "" false>`, "text:<原样>&amp;后"} {
		found := false
		for _, g := range got {
			found = found || g == ev
		}
		if !found {
			t.Errorf("events lack %q: %q", ev, got)
		}
	}
	for _, bad := range []string{"<w:p", "<w:p a='1>", "<!-- open", "<![CDATA[ open", "</w:p", "<w:p><</w:p>", "</>"} {
		if _, err := scanEvents([]byte(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

// FuzzXMLScanner: on any input encoding/xml accepts as well-formed, the scanner finds
// the same elements, val attributes and text.
func FuzzXMLScanner(f *testing.F) {
	for _, seed := range []string{
		`<w:p><w:r><w:t>一&amp;二</w:t></w:r></w:p>`,
		`<a x="1" val='&lt;'><b/><![CDATA[c]]>d&#65;</a>`,
		`<?xml version="1.0"?><!--c--><r>` + "\r\n" + `x</r>`,
		`<a b=">"></a>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		want, err := xmlEvents(b)
		got, gotErr := scanEvents(b)
		if err != nil {
			return // not well-formed: the scanner may read it or refuse it
		}
		rest := strings.NewReplacer("<!--", "", "<![CDATA[", "").Replace(string(b))
		if strings.Contains(rest, "<!") {
			return // a DTD declaration, which no Word document has and encoding/xml reads its own way
		}
		if gotErr != nil {
			t.Fatalf("scanner refuses what encoding/xml reads: %v\n%q", gotErr, b)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q\nscanner:      %q\nencoding/xml: %q", b, got, want)
		}
	})
}

// TestXMLCharRefs: character references as encoding/xml reads them, a surrogate
// (which no rune is) as U+FFFD.
func TestXMLCharRefs(t *testing.T) {
	for in, want := range map[string]string{
		`<t>&#55700;</t>`:         "\uFFFD",
		`<t>&#x4E00;&#20108;</t>`: "一二",
		`<t>&#x10FFFF;</t>`:       "\U0010FFFF",
	} {
		got, err := scanEvents([]byte(in))
		xml, xerr := xmlEvents([]byte(in))
		if err != nil || xerr != nil || !reflect.DeepEqual(got, xml) || len(got) != 3 || got[1] != "text:"+want {
			t.Errorf("%s: scanner %q (%v), encoding/xml %q (%v), want text %q", in, got, err, xml, xerr, want)
		}
	}
}
