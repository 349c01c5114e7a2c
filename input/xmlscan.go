package input

import (
	"bytes"
	"errors"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// xmlScanner walks the document part of a Word file a tag at a time without
// allocating. encoding/xml's RawToken allocates every name, attribute and text run:
// on the published .docx files it read 31 MB/s of XML, 3 MB/s of the (tenfold
// compressed) file, where issue 13 asks 20 MB/s; this scanner reads the same parts
// several times faster (BenchmarkRead; figures in the commit that added it). It knows only what WordprocessingML uses:
// elements, attributes in quotes, character and the five predefined entity
// references, comments, CDATA, processing instructions; a document that is not
// well-formed in those terms is an error, as it is for Word.
type xmlScanner struct {
	b []byte
	i int
}

// xmlToken is what next found.
type xmlToken uint8

const (
	xmlEOF xmlToken = iota
	xmlStart
	xmlEnd
	xmlSelfClosing
	xmlText
)

var errXML = errors.New("XML 格式错误")

// next returns the next token: for an element its local name (without prefix) and
// its attributes as written; for text the raw text, entity references not yet
// replaced (see appendText), or the content of a CDATA section with cdata set.
func (s *xmlScanner) next() (tok xmlToken, name, attrs []byte, cdata bool, err error) {
	b := s.b
	if s.i >= len(b) {
		return xmlEOF, nil, nil, false, nil
	}
	if b[s.i] != '<' {
		end := bytes.IndexByte(b[s.i:], '<')
		if end < 0 {
			end = len(b) - s.i
		}
		text := b[s.i : s.i+end]
		s.i += end
		return xmlText, text, nil, false, nil
	}
	rest := b[s.i:]
	if len(rest) < 2 {
		return 0, nil, nil, false, errXML
	}
	switch rest[1] {
	case '!':
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			// Searched for after the opening "<!--": in "<!-->" the "-->" overlaps it
			// and ends nothing (encoding/xml agrees; FuzzXMLScanner found it).
			return s.skipTo(len("<!--"), "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest, []byte("]]>"))
			if end < 0 {
				return 0, nil, nil, false, errXML
			}
			s.i += end + 3
			return xmlText, rest[len("<![CDATA["):end], nil, true, nil
		}
		return s.skipTo(2, ">")
	case '?':
		return s.skipTo(2, "?>")
	case '/':
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			return 0, nil, nil, false, errXML
		}
		s.i += end + 1
		name := bytes.TrimSpace(rest[2:end])
		if len(name) == 0 || bytes.IndexByte(name, '<') >= 0 {
			return 0, nil, nil, false, errXML
		}
		return xmlEnd, localName(name), nil, false, nil
	}
	// A start tag ends at the first '>' outside quotes. Each step finds the next '>'
	// and the first quote before it (bytes.IndexByte, which is vectorised; IndexAny
	// took 40% of the scan), then skips that quoted value.
	end := -1
	for j := 1; ; {
		e := bytes.IndexByte(rest[j:], '>')
		if e < 0 {
			break
		}
		seg := rest[j : j+e]
		q := bytes.IndexByte(seg, '"')
		if sq := bytes.IndexByte(seg, '\''); sq >= 0 && (q < 0 || sq < q) {
			q = sq
		}
		if q < 0 {
			end = j + e
			break
		}
		cl := bytes.IndexByte(rest[j+q+1:], seg[q])
		if cl < 0 {
			break
		}
		j += q + cl + 2
	}
	if end < 0 {
		return 0, nil, nil, false, errXML
	}
	s.i += end + 1
	inner := rest[1:end]
	if bytes.IndexByte(inner, '<') >= 0 {
		return 0, nil, nil, false, errXML // '<' is allowed neither in a name nor in a value
	}
	tok = xmlStart
	if len(inner) > 0 && inner[len(inner)-1] == '/' {
		tok, inner = xmlSelfClosing, inner[:len(inner)-1]
	}
	n := 0
	for n < len(inner) && !isXMLSpace(inner[n]) {
		n++
	}
	if n == 0 {
		return 0, nil, nil, false, errXML
	}
	return tok, localName(inner[:n]), inner[n:], false, nil
}

// skipTo skips a comment, declaration or processing instruction: to the first end
// found from byte from of it on, and returns the token after it.
func (s *xmlScanner) skipTo(from int, end string) (xmlToken, []byte, []byte, bool, error) {
	j := bytes.Index(s.b[s.i+from:], []byte(end))
	if j < 0 {
		return 0, nil, nil, false, errXML
	}
	s.i += from + j + len(end)
	return s.next()
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// localName drops a name's prefix: w:tbl → tbl. As encoding/xml reads names, a
// colon first or last ("<:>", "<a:>") is part of the name, not a prefix's end.
func localName(name []byte) []byte {
	if i := bytes.IndexByte(name, ':'); i > 0 && i < len(name)-1 {
		return name[i+1:]
	}
	return name
}

// xmlAttr finds the attribute whose local name is local in attrs as written, its value
// with references replaced.
func xmlAttr(attrs []byte, local string) (string, bool) {
	for len(attrs) > 0 {
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return "", false
		}
		name := bytes.TrimSpace(attrs[:eq])
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '"' && rest[0] != '\'' {
			return "", false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		if string(localName(name)) == local {
			return string(appendText(nil, rest[1:1+end])), true
		}
		attrs = rest[end+2:]
	}
	return "", false
}

// appendText appends text with its entity and character references replaced; an
// unknown reference is kept as written.
func appendText(dst, text []byte) []byte {
	for {
		amp := bytes.IndexByte(text, '&')
		if amp < 0 {
			return append(dst, text...)
		}
		dst = append(dst, text[:amp]...)
		text = text[amp:]
		// The reference runs over name characters (or #digits) up to ';'.
		semi := 1
		for semi < len(text) && (isRefByte(text[semi]) || semi == 1 && text[semi] == '#') {
			semi++
		}
		if semi == len(text) || text[semi] != ';' {
			dst = append(dst, '&')
			text = text[1:]
			continue
		}
		switch ref := string(text[1:semi]); ref {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(ref)
			if !ok {
				dst = append(dst, text[:semi+1]...)
				break
			}
			dst = utf8.AppendRune(dst, r)
		}
		text = text[semi+1:]
	}
}

func isRefByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// charRef reads "#20320" or "#x4E00". As encoding/xml, it takes any number up to
// U+10FFFF: a surrogate (&#55700;) is then written as U+FFFD by utf8.AppendRune,
// as encoding/xml's string(rune(n)) writes it.
func charRef(ref string) (rune, bool) {
	if len(ref) < 2 || ref[0] != '#' {
		return 0, false
	}
	base, digits := 10, ref[1:]
	if digits[0] == 'x' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(digits, base, 64)
	if err != nil || n > unicode.MaxRune {
		return 0, false
	}
	return rune(n), true
}
