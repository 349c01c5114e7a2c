package input

import (
	"bytes"
	"html"
)

// An HTML tokenizer: the page split into text, tags, comments and doctypes as
// golang.org/x/net/html's Tokenizer splits it (the WHATWG tokenization, raw text in
// <script>, <style>, <title>…), token for token; TestHTMLTokensAsXNet and
// FuzzHTMLTokens hold the two to the same tokens. It exists because linking
// x/net/html cost every run of the command, a page or not, 0.1 ms and 113 KB to
// build its table of entities at start-up, a tenth of what a one-file check may
// cost over a hello-world (issue 11). Entities are decoded by the standard library's
// html package, whose table (the same 2,231 entities) is built the first time a
// page has one.

// htmlTokenType is the kind of a token.
type htmlTokenType uint8

const (
	htmlEOF htmlTokenType = iota
	htmlText
	htmlStartTag
	htmlEndTag
	htmlSelfClosingTag
	htmlComment
	htmlDoctype
)

// htmlTokenizer reads the tokens of a page held in buf. The token's bytes are
// changed in place when its text is read (line ends folded, entities decoded), so
// buf must be the tokenizer's own.
type htmlTokenizer struct {
	buf []byte
	// pos is where the next token starts.
	pos int
	// rawTag is set after the start tag of an element whose content is raw text
	// ("script", "style", …): the next token is that text, up to its end tag.
	rawTag string

	// The current token: its type, its data (text, or a tag's name as written),
	// its attributes' keys and values as written, and how its text is read.
	tt       htmlTokenType
	data     []byte
	attrs    []htmlAttr
	nAttr    int // attributes already returned by attr
	rawText  bool
	nulToFFD bool
	name     []byte // the lower-cased name, reused
}

// htmlAttr is where an attribute's key and value lie in the page: buf[k0:k1] and
// buf[v0:v1].
type htmlAttr struct{ k0, k1, v0, v1 int }

func newHTMLTokenizer(buf []byte) *htmlTokenizer { return &htmlTokenizer{buf: buf} }

// isTagSpace reports the white space that separates a tag's name and attributes.
func isTagSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// next reads the next token and returns its type; htmlEOF at the end of the page
// (a tag cut off by the end is dropped, as x/net/html drops it).
func (z *htmlTokenizer) next() htmlTokenType {
	z.tt = z.scan()
	return z.tt
}

func (z *htmlTokenizer) scan() htmlTokenType {
	z.data, z.attrs, z.nAttr = nil, z.attrs[:0], 0
	b := z.buf
	if z.pos >= len(b) {
		return htmlEOF
	}
	if z.rawTag != "" {
		start, end := z.pos, len(b)
		if z.rawTag == "plaintext" {
			z.rawText = true // and the rest of the page is this text
		} else {
			if z.rawTag == "script" {
				end = scriptEnd(b, start)
			} else {
				end = rawEnd(b, start, z.rawTag)
			}
			// A textarea's or title's text may hold entities; other raw text not.
			z.rawText = z.rawTag != "textarea" && z.rawTag != "title"
			z.rawTag = ""
		}
		z.pos = end
		if end > start {
			z.data, z.nulToFFD = b[start:end], true
			return htmlText
		}
	}
	z.rawText, z.nulToFFD = false, false
	start := z.pos
	for i := start; ; i++ {
		j := bytes.IndexByte(b[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 == len(b) {
			break
		}
		c := b[i+1]
		if !isASCIILetter(c) && c != '/' && c != '!' && c != '?' {
			continue
		}
		if i > start {
			// The text before the tag is a token of its own.
			z.pos, z.data = i, b[start:i]
			return htmlText
		}
		switch {
		case isASCIILetter(c):
			return z.startTag(i + 1)
		case c == '/':
			if i+2 == len(b) {
				// "</" at the very end is text.
				z.pos, z.data = len(b), b[start:]
				return htmlText
			}
			switch c := b[i+2]; {
			case c == '>':
				z.pos = i + 3 // "</>" is nothing: an empty comment
				return htmlComment
			case isASCIILetter(c):
				end, ok := z.tag(i+2, false)
				if !ok {
					z.pos = len(b)
					return htmlEOF
				}
				z.pos = end
				return htmlEndTag
			}
			z.pos = untilCloseAngle(b, i+2)
			return htmlComment
		case c == '!':
			return z.markupDeclaration(i + 2)
		default: // '?': a processing instruction, read as a bogus comment
			z.pos = untilCloseAngle(b, i+1)
			return htmlComment
		}
	}
	z.pos, z.data = len(b), b[start:]
	return htmlText
}

// startTag reads a start tag whose name begins at i.
func (z *htmlTokenizer) startTag(i int) htmlTokenType {
	end, ok := z.tag(i, true)
	if !ok {
		z.pos = len(z.buf)
		return htmlEOF
	}
	z.pos = end
	switch name := z.data; {
	case equalFoldASCII(name, "iframe"), equalFoldASCII(name, "noembed"), equalFoldASCII(name, "noframes"),
		equalFoldASCII(name, "noscript"), equalFoldASCII(name, "plaintext"), equalFoldASCII(name, "script"),
		equalFoldASCII(name, "style"), equalFoldASCII(name, "textarea"), equalFoldASCII(name, "title"),
		equalFoldASCII(name, "xmp"):
		z.rawTag = string(bytes.ToLower(name))
	}
	// <br/> closes itself; <p a=/> does not: the slash is the attribute's value.
	if z.buf[end-2] == '/' {
		if n := len(z.attrs); n == 0 || z.attrs[n-1].v1-1 != end-2 {
			return htmlSelfClosingTag
		}
	}
	return htmlStartTag
}

// tag reads a tag's name, starting at i, and its attributes (kept when keep is
// set), up to and including its ">". It returns where the tag ends, and false when
// the page ends first.
func (z *htmlTokenizer) tag(i int, keep bool) (int, bool) {
	b := z.buf
	start := i
	for i < len(b) && !isTagSpace(b[i]) && b[i] != '/' && b[i] != '>' {
		i++
	}
	if i == len(b) {
		return i, false
	}
	z.data = b[start:i]
	if isTagSpace(b[i]) {
		i++
	}
	for {
		i = skipTagSpace(b, i)
		if i == len(b) {
			return i, false
		}
		if b[i] == '>' {
			return i + 1, true
		}
		// The attribute's name runs to a space, "/", ">" or "=" (but a first "=" is
		// part of the name).
		ks := i
		i++
		for i < len(b) && !isTagSpace(b[i]) && b[i] != '/' && b[i] != '>' && b[i] != '=' {
			i++
		}
		if b[ks] == '/' {
			i = ks // a slash is no name
		}
		a := htmlAttr{k0: ks, k1: i, v0: i, v1: i}
		i = skipTagSpace(b, i)
		if i < len(b) && b[i] == '/' {
			i++
		} else if i < len(b) && b[i] == '=' {
			i = skipTagSpace(b, i+1)
			if i < len(b) {
				switch q := b[i]; q {
				case '>':
				case '"', '\'':
					a.v0 = i + 1
					j := bytes.IndexByte(b[i+1:], q)
					if j < 0 {
						a.v1, i = len(b), len(b)
					} else {
						a.v1, i = i+1+j, i+2+j
					}
				default:
					j := i
					for j < len(b) && !isTagSpace(b[j]) && b[j] != '>' {
						j++
					}
					a.v0, a.v1 = i, j
					i = j
					if i < len(b) && b[i] != '>' {
						i++ // the space after the value
					}
				}
			}
		}
		if keep && a.k1 > a.k0 {
			z.attrs = append(z.attrs, a)
		}
	}
}

func skipTagSpace(b []byte, i int) int {
	for i < len(b) && isTagSpace(b[i]) {
		i++
	}
	return i
}

// untilCloseAngle returns where a bogus comment starting at i ends: after the next
// ">", or at the end of the page.
func untilCloseAngle(b []byte, i int) int {
	if j := bytes.IndexByte(b[i:], '>'); j >= 0 {
		return i + j + 1
	}
	return len(b)
}

// markupDeclaration reads what follows "<!" at i: a comment, a doctype, or
// anything else as a bogus comment.
func (z *htmlTokenizer) markupDeclaration(i int) htmlTokenType {
	b := z.buf
	if i+2 > len(b) {
		z.pos = len(b)
		return htmlComment
	}
	if b[i] == '-' && b[i+1] == '-' {
		z.pos = commentEnd(b, i+2)
		return htmlComment
	}
	const doctype = "DOCTYPE"
	if i+len(doctype) <= len(b) && equalFoldASCII(b[i:i+len(doctype)], doctype) {
		z.pos = untilCloseAngle(b, i+len(doctype))
		return htmlDoctype
	}
	z.pos = untilCloseAngle(b, i)
	return htmlComment
}

// commentEnd returns where a comment whose text starts at i ends: after "-->" or
// "--!>", after a ">" right after the opening "<!--" and any dashes ("<!-->",
// "<!--->"), or at the end of the page.
func commentEnd(b []byte, i int) int {
	dashes, beginning := 0, true
	for ; i < len(b); i++ {
		switch b[i] {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i + 1
			}
		case '!':
			if dashes >= 2 {
				if i+1 == len(b) {
					return len(b)
				}
				switch b[i+1] {
				case '>':
					return i + 2
				case '-':
					i++
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
	return len(b)
}

// rawEnd returns where the raw text of tag, starting at i, ends: at the "</tag"
// followed by a space, "/" or ">", or at the end of the page.
func rawEnd(b []byte, i int, tag string) int {
	for {
		j := bytes.Index(b[i:], []byte("</"))
		if j < 0 {
			return len(b)
		}
		i += j
		if endTagAt(b, i, tag) {
			return i
		}
		i += 2
	}
}

// endTagAt reports whether b[i:] starts with "</tag" and a space, "/" or ">".
func endTagAt(b []byte, i int, tag string) bool {
	e := i + 2 + len(tag)
	return e < len(b) && b[i] == '<' && b[i+1] == '/' && equalFoldASCII(b[i+2:e], tag) &&
		(isTagSpace(b[e]) || b[e] == '/' || b[e] == '>')
}

// The states of a script's text (WHATWG 13.2.5.4 and on): "<!--" escapes it, and a
// "<script" inside that escapes it twice, so that "</script>" no longer ends it.
const (
	scriptData = iota
	scriptEscaped
	scriptEscapedDash
	scriptEscapedDashDash
	scriptDoubleEscaped
	scriptDoubleEscapedDash
	scriptDoubleEscapedDashDash
)

// scriptEnd returns where a script's text starting at i ends: at its end tag, or at
// the end of the page.
func scriptEnd(b []byte, i int) int {
	state := scriptData
	for i < len(b) {
		c := b[i]
		switch state {
		case scriptData:
			i++
			if c != '<' || i == len(b) {
				continue
			}
			switch b[i] {
			case '/':
				if endTagAt(b, i-1, "script") {
					return i - 1
				}
				i++
			case '!':
				// "<!--" escapes; anything else is read again as data.
				if i+1 < len(b) && b[i+1] == '-' {
					if i+2 < len(b) && b[i+2] == '-' {
						i += 3
						state = scriptEscapedDashDash
					} else {
						i += 2
					}
				} else {
					i++
				}
			}
		case scriptEscaped, scriptEscapedDash, scriptEscapedDashDash:
			i++
			switch {
			case c == '-':
				state = min(state+1, scriptEscapedDashDash)
			case c == '>' && state == scriptEscapedDashDash:
				state = scriptData
			case c == '<':
				if i == len(b) {
					return len(b)
				}
				switch d := b[i]; {
				case d == '/':
					if endTagAt(b, i-1, "script") {
						return i - 1
					}
					i++
					state = scriptEscaped
				case isASCIILetter(d):
					// "<script" and a space, "/" or ">" escapes twice.
					e := i + len("script")
					switch {
					case e < len(b) && equalFoldASCII(b[i:e], "script") &&
						(isTagSpace(b[e]) || b[e] == '/' || b[e] == '>'):
						i = e + 1
						state = scriptDoubleEscaped
					case e >= len(b) && equalFoldASCII(b[i:], "script"[:len(b)-i]):
						return len(b)
					default:
						state = scriptEscaped
						i += matchFoldPrefix(b[i:], "script")
					}
				default:
					state = scriptData
				}
			default:
				state = scriptEscaped
			}
		default: // double escaped
			i++
			switch {
			case c == '-':
				state = min(state+1, scriptDoubleEscapedDashDash)
			case c == '>' && state == scriptDoubleEscapedDashDash:
				state = scriptData
			case c == '<':
				state = scriptDoubleEscaped
				if i < len(b) && b[i] == '/' {
					i++
					if endTagAt(b, i-2, "script") {
						i += len("script") + 1
						state = scriptEscaped
					} else {
						i += matchFoldPrefix(b[i:], "script")
					}
				}
			default:
				state = scriptDoubleEscaped
			}
		}
	}
	return len(b)
}

// matchFoldPrefix returns how many bytes of b match s from its start, ignoring the
// case of ASCII letters.
func matchFoldPrefix(b []byte, s string) int {
	n := 0
	for n < len(b) && n < len(s) && lowerASCII(b[n]) == s[n] {
		n++
	}
	return n
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// equalFoldASCII reports whether b is s (lower case) ignoring ASCII case.
func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		if lowerASCII(b[i]) != lowerASCII(s[i]) {
			return false
		}
	}
	return true
}

// text returns the text of a text token: line ends folded to "\n", entities
// decoded unless the text is raw, and in raw text a NUL read as U+FFFD.
func (z *htmlTokenizer) text() []byte {
	if z.tt != htmlText {
		return nil
	}
	s := foldNewlines(z.data)
	if z.nulToFFD && bytes.IndexByte(s, 0) >= 0 {
		s = bytes.ReplaceAll(s, []byte{0}, []byte("\uFFFD"))
	}
	if !z.rawText && bytes.IndexByte(s, '&') >= 0 {
		s = []byte(html.UnescapeString(string(s)))
	}
	return s
}

// tagName returns the lower-cased name of a tag token, and whether it has
// attributes to read.
func (z *htmlTokenizer) tagName() ([]byte, bool) {
	switch z.tt {
	case htmlStartTag, htmlEndTag, htmlSelfClosingTag:
		z.name = append(z.name[:0], z.data...)
		for i, c := range z.name {
			z.name[i] = lowerASCII(c)
		}
		return z.name, len(z.attrs) > 0
	}
	return nil, false
}

// attr returns the next attribute of a start tag: its lower-cased key, its value
// with entities decoded as in an attribute, and whether more follow.
func (z *htmlTokenizer) attr() (key, val []byte, more bool) {
	if z.nAttr >= len(z.attrs) {
		return nil, nil, false
	}
	a := z.attrs[z.nAttr]
	z.nAttr++
	key = z.buf[a.k0:a.k1]
	for i, c := range key {
		key[i] = lowerASCII(c)
	}
	return key, unescapeAttr(foldNewlines(z.buf[a.v0:a.v1])), z.nAttr < len(z.attrs)
}

// foldNewlines turns "\r\n" and "\r" into "\n", in place.
func foldNewlines(s []byte) []byte {
	i := bytes.IndexByte(s, '\r')
	if i < 0 {
		return s
	}
	w := i
	for r := i; r < len(s); r++ {
		c := s[r]
		if c == '\r' {
			if r+1 < len(s) && s[r+1] == '\n' {
				r++
			}
			c = '\n'
		}
		s[w] = c
		w++
	}
	return s[:w]
}

// unescapeAttr decodes the entities of an attribute value. An attribute differs
// from text in two ways (WHATWG 13.2.5.73): a named reference without its ";" is
// left as written when "=" or a letter or digit follows it, and only a whole name
// counts, not a reference that begins it ("&notit" is not "¬it").
func unescapeAttr(v []byte) []byte {
	i := bytes.IndexByte(v, '&')
	if i < 0 {
		return v
	}
	var out []byte
	last := 0
	for i >= 0 && i < len(v) {
		j := i + 1
		if j < len(v) && v[j] == '#' {
			// A numeric reference reads the same in text and attributes.
			j++
			if j < len(v) && (v[j] == 'x' || v[j] == 'X') {
				j++
			}
			for j < len(v) && isHexOrDigit(v[j]) {
				j++
			}
			if j < len(v) && v[j] == ';' {
				j++
			}
			out = append(append(out, v[last:i]...), html.UnescapeString(string(v[i:j]))...)
			last = j
		} else {
			for j < len(v) && (isASCIILetter(v[j]) || '0' <= v[j] && v[j] <= '9') {
				j++
			}
			semi := j < len(v) && v[j] == ';'
			if semi {
				j++
			}
			if ref := string(v[i:j]); j > i+1 && (semi || j == len(v) || v[j] != '=') {
				// Decoded only when the whole name is an entity. When only its start
				// is, html decodes that and leaves the rest, so the result ends as
				// the reference does; no entity's value ends in a letter or digit,
				// and the one ending in ";" is "&semi;".
				if s := html.UnescapeString(ref); s != ref && (s[len(s)-1] != ref[len(ref)-1] || ref == "&semi;") {
					out = append(append(out, v[last:i]...), s...)
					last = j
				}
			}
		}
		k := bytes.IndexByte(v[j:], '&')
		if k < 0 {
			break
		}
		i = j + k
	}
	if out == nil {
		return v
	}
	return append(out, v[last:]...)
}

func isHexOrDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
