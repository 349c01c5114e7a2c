package input

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/atom"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/nianbao/nianbao/analysis"
)

// Web pages. A report page is usually Word's HTML pasted into a site's editor: the
// report's paragraphs and tables somewhere inside the site's navigation, tables with
// rowspan and colspan, a cell's lines in several <p> or <br>, &nbsp; padding. The page
// is read token by token (htmltoken.go), not parsed into a tree: none is needed, since
// tables are rebuilt from <tr> and <td> as they come, and a <td> left open or a
// stray </table> is handled where it stands instead of by the parser's repairs.

// Limits on spans, so that a hostile colspan="100000" cannot make a row of millions
// of slots: the widest official table has 16 columns, and the engine takes no row
// over 256 cells.
const (
	maxColspan  = 256
	maxRowSlots = 1024
	maxRowspan  = 65534 // the HTML limit
)

// ReadHTML reads a web page into the paragraphs and tables it shows, in order. note
// says how the page's bytes were decoded when that is worth a line on stderr ("" when
// the page declared its charset and was read by it, or is plain UTF-8). The error is
// ErrTooMuchText when the tables' slots alone would render to more than limit bytes.
func ReadHTML(b []byte, limit int) (blocks []analysis.TextBlock, note string, err error) {
	text, note := decodeHTML(b)
	r := htmlReader{slots: slotBudget(limit)}
	r.read(newHTMLTokenizer(text))
	if r.slots < 0 {
		return nil, note, ErrTooMuchText
	}
	return r.blocks, note, nil
}

// slotBudget is how many table slots fit in limit bytes of Markdown: each takes at
// least 3 (" x |"). Counting them while the grid is built keeps a page of colspan="256"
// cells from taking gigabytes before its text could be found too long: 16 MiB allow
// 5.6 million slots (90 MB of string headers at most), a report has a few hundred.
func slotBudget(limit int) int { return limit / 3 }

// decodeHTML gives a page's text: by its byte-order mark, else by the charset its
// <meta> declares, else UTF-8 when the bytes are (mostly) UTF-8 and GB18030 when not.
// A declaration that the bytes plainly contradict (UTF-8 declared on GBK bytes, or
// the reverse, as pages copied between sites are) gives way to the bytes, with a note.
// The text is new memory, never b: the tokenizer changes it in place.
func decodeHTML(b []byte) ([]byte, string) {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return validUTF8(b[len(bomUTF8):])
	case bytes.HasPrefix(b, bomUTF16LE):
		return decodeUTF16(b[2:], false), ""
	case bytes.HasPrefix(b, bomUTF16BE):
		return decodeUTF16(b[2:], true), ""
	}
	name := declaredCharset(b)
	enc, isUTF8 := charsetEncoding(name)
	switch {
	case name == "" || isUTF8:
		if utf8.Valid(b) || mostlyUTF8(b) {
			return validUTF8(b)
		}
		s := decodeGB(b)
		if name == "" {
			return s, "网页没有声明编码，内容不是 UTF-8，已按 GB18030 读取"
		}
		return s, "网页声明的编码是 " + name + "，但内容不是 UTF-8，已按 GB18030 读取"
	case hasMultibyteUTF8(b) && utf8.Valid(b):
		// GBK text of any length is never valid UTF-8 by chance.
		return bytes.Clone(b), "网页声明的编码是 " + name + "，但内容是 UTF-8，已按 UTF-8 读取"
	case enc == nil:
		if utf8.Valid(b) || mostlyUTF8(b) {
			s, _ := validUTF8(b)
			return s, "网页声明的编码 " + name + " 不是中文网页的编码（UTF-8、GBK/GB18030、Big5），已按 UTF-8 读取"
		}
		return decodeGB(b), "网页声明的编码 " + name + " 不是中文网页的编码（UTF-8、GBK/GB18030、Big5），已按 GB18030 读取"
	}
	s, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return decodeGB(b), "网页内容不是声明的 " + name + " 编码，已按 GB18030 读取"
	}
	return s, ""
}

// validUTF8 gives a copy of UTF-8 bytes, broken bytes replaced, and says so if any
// were.
func validUTF8(b []byte) ([]byte, string) {
	if utf8.Valid(b) {
		return bytes.Clone(b), ""
	}
	return bytes.ToValidUTF8(b, []byte("\uFFFD")), "网页含有无效的 UTF-8 字节，已按 UTF-8 读取"
}

// decodeGB decodes GB18030 (which reads GBK and GB2312 alike), bytes it cannot
// decode replaced.
func decodeGB(b []byte) []byte {
	s, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return s
}

// hasMultibyteUTF8 reports whether b holds a byte outside ASCII.
func hasMultibyteUTF8(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// charsetEncoding maps a declared charset to its decoder: the encodings Chinese
// pages are written in, under the names the WHATWG encoding standard gives them.
// The GB family is read as GB18030, a superset of GBK and GB2312 (pages declaring
// gb2312 often use GBK characters). enc is nil for any other name: the page is then
// read by its bytes, with a note. (x/text's htmlindex knows every encoding of the
// standard, and building its tables cost every run of the command about 60 µs,
// a page or not: issue 11.)
func charsetEncoding(name string) (enc encoding.Encoding, isUTF8 bool) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "":
		return nil, false
	case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
		return nil, true
	case "gbk", "gb2312", "gb_2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn",
		"csgb2312", "chinese", "csiso58gb231280", "iso-ir-58", "ms936":
		return simplifiedchinese.GB18030, false
	case "big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5":
		return traditionalchinese.Big5, false
	case "utf-16", "utf-16le", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16be", "unicodefffe":
		// A <meta> found by its ASCII bytes cannot be UTF-16: browsers read the page
		// as UTF-8 (the standard's prescan). UTF-16 pages have a byte-order mark.
		return nil, true
	}
	return nil, false
}

// prescanLimit bounds the bytes searched for a <meta> charset. Browsers look at the
// first 1024; Word's HTML can put a long <style> first, so we look further, up to
// the <body>.
const prescanLimit = 64 << 10

// declaredCharset finds the charset a page declares in <meta charset> or <meta
// http-equiv="Content-Type" content="…; charset=…">, "" when none.
func declaredCharset(b []byte) string {
	// The tokenizer decodes a tag's attributes in place: it reads a copy.
	z := newHTMLTokenizer(bytes.Clone(b[:min(len(b), prescanLimit)]))
	for {
		switch z.next() {
		case htmlEOF:
			return ""
		case htmlStartTag, htmlSelfClosingTag:
			name, hasAttr := z.tagName()
			switch atom.Lookup(name) {
			case atom.Body:
				return ""
			case atom.Meta:
				var charset, content string
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.attr()
					switch string(k) {
					case "charset":
						charset = string(v)
					case "content":
						content = string(v)
					}
				}
				if c := strings.TrimSpace(charset); c != "" {
					return c
				}
				if c := charsetFromContentType(content); c != "" {
					return c
				}
			}
		}
	}
}

// charsetFromContentType reads "text/html; charset=gb2312".
func charsetFromContentType(s string) string {
	i := strings.Index(strings.ToLower(s), "charset")
	if i < 0 {
		return ""
	}
	s = strings.TrimLeft(s[i+len("charset"):], " \t")
	s, ok := strings.CutPrefix(s, "=")
	if !ok {
		return ""
	}
	s = strings.Trim(strings.TrimSpace(s), `"'`)
	if j := strings.IndexAny(s, `;"' `); j >= 0 {
		s = s[:j]
	}
	return s
}

// htmlReader holds the state of one ReadHTML.
type htmlReader struct {
	blocks []analysis.TextBlock
	// para is the paragraph being read outside any table.
	para textBuf
	// tables are the tables open, the innermost last.
	tables []*htmlTable
	// skip counts the elements open whose text is not shown (script, style, …).
	skip int
	pre  int
	// slots is what is left of slotBudget; below 0 the page is too large.
	slots int
}

// htmlTable is a table being read.
type htmlTable struct {
	rows  [][]*htmlCell
	row   []*htmlCell
	inRow bool
	cell  *htmlCell
	// before holds what a browser shows before the table: its caption and text
	// stray between rows; stray collects that text.
	before []analysis.TextBlock
	stray  textBuf
	// layout is set when a cell holds a table: the outer table only lays out the
	// page, and its cells are read as paragraphs.
	layout bool
}

// htmlCell is a table cell being read.
type htmlCell struct {
	colspan, rowspan int
	text             textBuf
	// blocks is the content of a cell that holds a table: the lines before it as
	// paragraphs, then the table.
	blocks []analysis.TextBlock
}

// skipped lists the elements whose content a reader of the page does not see as
// text.
func skipped(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Title, atom.Select, atom.Textarea,
		atom.Svg, atom.Math, atom.Object, atom.Iframe, atom.Noembed, atom.Noframes:
		return true
	}
	return false
}

// breaks lists the elements that start a new line of text: block elements and <br>.
func breaks(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul,
		atom.Ol, atom.Dl, atom.Dt, atom.Dd, atom.Blockquote, atom.Pre, atom.Hr, atom.Section, atom.Article,
		atom.Aside, atom.Header, atom.Footer, atom.Nav, atom.Main, atom.Form, atom.Address, atom.Center,
		atom.Figure, atom.Figcaption, atom.Fieldset, atom.Legend, atom.Details, atom.Summary, atom.Body,
		atom.Option, atom.Caption:
		return true
	}
	return false
}

func (r *htmlReader) read(z *htmlTokenizer) {
	for {
		tt := z.next()
		switch tt {
		case htmlEOF:
			for len(r.tables) > 0 {
				r.endTable()
			}
			r.flush()
			return
		case htmlText:
			if r.skip == 0 {
				r.text(z.text())
			}
		case htmlStartTag, htmlSelfClosingTag:
			name, hasAttr := z.tagName()
			a := atom.Lookup(name)
			if skipped(a) {
				if tt == htmlStartTag {
					r.skip++
				}
				continue
			}
			if r.skip > 0 {
				continue
			}
			switch a {
			case atom.Table:
				r.startTable()
			case atom.Tr:
				if t := r.table(); t != nil {
					t.endCell()
					t.endRow()
					t.inRow = true
				}
			case atom.Td, atom.Th:
				if t := r.table(); t != nil {
					t.endCell()
					t.inRow = true
					c := &htmlCell{colspan: 1, rowspan: 1}
					for hasAttr {
						var k, v []byte
						k, v, hasAttr = z.attr()
						switch string(k) {
						case "colspan":
							c.colspan = spanValue(v, 1, maxColspan)
						case "rowspan":
							c.rowspan = spanValue(v, 0, maxRowspan)
							if c.rowspan == 0 {
								c.rowspan = maxRowspan // "to the end of the table section"
							}
						}
					}
					t.cell = c
				}
			case atom.Pre:
				r.pre++
				r.lineBreak()
			default:
				if breaks(a) {
					r.lineBreak()
				}
			}
		case htmlEndTag:
			name, _ := z.tagName()
			a := atom.Lookup(name)
			if skipped(a) {
				r.skip = max(r.skip-1, 0)
				continue
			}
			if r.skip > 0 {
				continue
			}
			switch a {
			case atom.Table:
				if len(r.tables) > 0 {
					r.endTable()
				}
			case atom.Tr, atom.Tbody, atom.Thead, atom.Tfoot:
				if t := r.table(); t != nil {
					t.endCell()
					t.endRow()
				}
			case atom.Td, atom.Th:
				if t := r.table(); t != nil {
					t.endCell()
				}
			case atom.Pre:
				r.pre = max(r.pre-1, 0)
				r.lineBreak()
			default:
				if breaks(a) {
					r.lineBreak()
				}
			}
		}
	}
}

// spanValue reads a colspan or rowspan as browsers do: leading digits, at least lo,
// at most hi; 1 when there are none.
func spanValue(v []byte, lo, hi int) int {
	v = bytes.TrimSpace(v)
	n := 0
	for n < len(v) && v[n] >= '0' && v[n] <= '9' {
		n++
	}
	if n == 0 {
		return 1
	}
	x, err := strconv.Atoi(string(v[:n]))
	if err != nil || x > hi {
		return hi
	}
	return max(x, lo)
}

// table returns the innermost open table, nil outside tables.
func (r *htmlReader) table() *htmlTable {
	if len(r.tables) == 0 {
		return nil
	}
	return r.tables[len(r.tables)-1]
}

// text adds text where it is being read: a cell, between a table's rows, or the
// paragraph outside tables.
func (r *htmlReader) text(s []byte) {
	buf := &r.para
	if t := r.table(); t != nil {
		buf = &t.stray
		if t.cell != nil {
			buf = &t.cell.text
		}
	}
	if r.pre > 0 {
		for {
			i := bytes.IndexByte(s, '\n')
			if i < 0 {
				break
			}
			buf.add(s[:i])
			r.lineBreak()
			s = s[i+1:]
		}
	}
	buf.add(s)
}

// lineBreak ends a line: inside a cell the line is kept in the cell's text; outside
// tables it ends the paragraph.
func (r *htmlReader) lineBreak() {
	t := r.table()
	switch {
	case t == nil:
		r.flush()
	case t.cell != nil:
		t.cell.text.newline()
	default:
		t.stray.newline()
	}
}

// flush ends the paragraph outside tables.
func (r *htmlReader) flush() {
	for _, p := range r.para.lines() {
		r.blocks = append(r.blocks, analysis.TextBlock{Paragraph: p})
	}
}

func (r *htmlReader) startTable() {
	if len(r.tables) == 0 {
		r.flush()
	}
	r.tables = append(r.tables, &htmlTable{})
}

// endTable closes the innermost table and puts what it reads as where it stood: in
// the cell of the table around it, before that table, or in the page.
func (r *htmlReader) endTable() {
	t := r.tables[len(r.tables)-1]
	r.tables = r.tables[:len(r.tables)-1]
	blocks := t.finish(&r.slots)
	outer := r.table()
	switch {
	case outer == nil:
		r.blocks = append(r.blocks, blocks...)
	case outer.cell != nil:
		c := outer.cell
		c.blocks = append(c.blocks, paragraphs(c.text.lines())...)
		c.blocks = append(c.blocks, blocks...)
		outer.layout = true
	default:
		outer.before = append(outer.before, paragraphs(outer.stray.lines())...)
		outer.before = append(outer.before, blocks...)
	}
}

func (t *htmlTable) endCell() {
	if t.cell != nil {
		t.row = append(t.row, t.cell)
		t.cell = nil
	}
}

func (t *htmlTable) endRow() {
	if t.inRow {
		t.rows = append(t.rows, t.row)
	}
	t.row, t.inRow = nil, false
}

// maxCellRunes bounds a cell of an official table: the longest label has some 40
// characters. A cell past it holds a page's text, and its table only lays the page
// out. Lines say nothing: the official tables write labels downwards, a character a
// line (「三/、/本/年/度/办/理/结/果」).
const maxCellRunes = 500

// finish gives what the table reads as: its caption and stray text, then the table
// as a grid, or, for a table that lays out a page, its cells' content as paragraphs
// and tables.
func (t *htmlTable) finish(slots *int) []analysis.TextBlock {
	t.endCell()
	t.endRow()
	out := append(t.before, paragraphs(t.stray.lines())...)
	texts := make(map[*htmlCell][]string)
	width := 0
	for _, row := range t.rows {
		w := 0
		for _, c := range row {
			lines := c.text.lines()
			texts[c] = lines
			w += c.colspan
			n := 0
			for _, l := range lines {
				n += utf8.RuneCountInString(l)
			}
			if n > maxCellRunes {
				t.layout = true
			}
		}
		width = max(width, w)
	}
	if width <= 1 {
		t.layout = true
	}
	if t.layout {
		for _, row := range t.rows {
			for _, c := range row {
				out = append(out, c.blocks...)
				out = append(out, paragraphs(texts[c])...)
			}
		}
		return out
	}
	grid := spread(t.rows, slots, texts)
	if len(grid) > 0 {
		out = append(out, analysis.TextBlock{Table: grid})
	}
	return out
}

// spread lays rows of cells with spans out on the table's grid: a cell's text in the
// first slot it covers, "" in the others, as the official tables are drawn. A row
// has the slots up to its last one covered, by a cell of its own or by a rowspan
// from above; a row without either is left out. Each slot is taken from *slots; when
// they run out (below 0) the grid is cut short.
func spread(rows [][]*htmlCell, slots *int, texts map[*htmlCell][]string) [][]string {
	var out [][]string
	// pending[col] counts the rows below still covered by a rowspan at col.
	var pending []int
	for _, row := range rows {
		if *slots < 0 {
			break
		}
		var cells []string
		covered := func() {
			for len(cells) < len(pending) && pending[len(cells)] > 0 {
				cells = append(cells, "")
			}
		}
		for _, c := range row {
			covered()
			cs, rs := c.colspan, c.rowspan
			for k := 0; k < cs && len(cells) < maxRowSlots; k++ {
				col := len(cells)
				if k == 0 {
					cells = append(cells, strings.Join(texts[c], "\n"))
				} else {
					cells = append(cells, "")
				}
				for len(pending) <= col {
					pending = append(pending, 0)
				}
				pending[col] = rs
			}
		}
		covered()
		for i := range pending {
			if pending[i] > 0 {
				pending[i]--
			}
		}
		*slots -= len(cells)
		if len(cells) > 0 {
			out = append(out, cells)
		}
	}
	return out
}

// paragraphs makes each line a paragraph.
func paragraphs(lines []string) []analysis.TextBlock {
	out := make([]analysis.TextBlock, len(lines))
	for i, l := range lines {
		out[i].Paragraph = l
	}
	return out
}

// textBuf collects text as a browser shows it: runs of white space (&nbsp;
// included) shown as one space, none at the start or end of a line. A line break
// of the source between two Chinese characters is a space too, as Chrome and
// LibreOffice show it (CSS lets a browser drop it; Firefox does): the engine folds
// spaces inside labels, and the page then reads as its .docx and PDF do.
type textBuf struct {
	b strings.Builder
	// space is set after white space not yet written.
	space bool
	last  rune
}

// isControl reports a control character other than white space: a browser shows
// none, and one written to a terminal by nianbao text could drive it.
func isControl(r rune) bool { return r < 0x20 || r >= 0x7F && r < 0xA0 }

func isHTMLSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\u00a0':
		return true
	}
	return false
}

func (t *textBuf) add(s []byte) {
	for len(s) > 0 {
		r, size := utf8.DecodeRune(s)
		s = s[size:]
		if isHTMLSpace(r) {
			if t.last != 0 && t.last != '\n' {
				t.space = true
			}
			continue
		}
		if isControl(r) {
			continue
		}
		if t.space {
			t.b.WriteByte(' ')
		}
		t.space = false
		t.b.WriteRune(r)
		t.last = r
	}
}

// newline ends the current line, if it has any text.
func (t *textBuf) newline() {
	if t.last != 0 && t.last != '\n' {
		t.b.WriteByte('\n')
		t.last = '\n'
	}
	t.space = false
}

// lines returns the lines collected and empties the buffer.
func (t *textBuf) lines() []string {
	s := t.b.String()
	t.b.Reset()
	t.space, t.last = false, 0
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
