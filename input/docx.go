package input

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/nianbao/nianbao/analysis"
)

// Word documents (.docx, as Word, WPS and LibreOffice save them): the main part,
// word/document.xml, read a tag at a time (xmlscan.go). Paragraphs are w:p, their text
// the w:t of their runs (a label is often split over several runs); tables are w:tbl
// with w:gridSpan for cells merged across and w:vMerge (restart, then continue) for
// cells merged down. Elements are matched by local name, whatever their prefix.

// maxDocumentXML bounds the document part once decompressed: a report's is a few
// hundred kilobytes, and a zip bomb is not read past it.
const maxDocumentXML = 64 << 20

// maxDOCXText bounds the text kept from a document part: four times the checker's
// limit on a report, so that a part of repeated runs cannot take gigabytes.
const maxDOCXText = 64 << 20

// ErrNotDOCX says a file named .docx is not a Word 2007+ document.
var ErrNotDOCX = errors.New("不是有效的 Word 文档（.docx）")

// ReadDOCX reads a Word document into its paragraphs and tables, in order: the error
// is a *NotTextError for a file that is not one, ErrTooMuchText when its tables'
// slots alone would render to more than limit bytes (see slotBudget).
func ReadDOCX(b []byte, limit int) ([]analysis.TextBlock, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		if bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
			// An OLE compound file: a Word 97-2003 .doc renamed, or an encrypted .docx.
			return nil, &NotTextError{Reason: "是旧版 Word（.doc）文件或加密的文档，不是 .docx", Hint: "请在 Word 或 WPS 中另存为 .docx（不加密）后再检查"}
		}
		return nil, &NotTextError{Reason: ErrNotDOCX.Error() + "：不是 zip 压缩包"}
	}
	f := mainPart(zr)
	if f == nil {
		return nil, &NotTextError{Reason: ErrNotDOCX.Error() + "：没有 word/document.xml"}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, &NotTextError{Reason: ErrNotDOCX.Error() + "：" + err.Error()}
	}
	part, err := io.ReadAll(io.LimitReader(rc, maxDocumentXML+1))
	rc.Close()
	switch {
	case err != nil:
		return nil, &NotTextError{Reason: ErrNotDOCX.Error() + "：word/document.xml 无法解压（" + err.Error() + "）"}
	case len(part) > maxDocumentXML:
		return nil, ErrTooMuchText
	}
	r := docxReader{slots: slotBudget(limit)}
	if err := r.read(utf8Part(part)); err != nil {
		if errors.Is(err, ErrTooMuchText) {
			return nil, err
		}
		return nil, &NotTextError{Reason: ErrNotDOCX.Error() + "：word/document.xml 无法解析（" + err.Error() + "）"}
	}
	if r.slots < 0 {
		return nil, ErrTooMuchText
	}
	return r.blocks, nil
}

// mainPart finds the document part through the package relationships, as Word does,
// and falls back on the usual name.
func mainPart(zr *zip.Reader) *zip.File {
	files := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		files[f.Name] = f
	}
	if rels := files["_rels/.rels"]; rels != nil {
		if rc, err := rels.Open(); err == nil {
			b, err := io.ReadAll(io.LimitReader(rc, 1<<20))
			rc.Close()
			if err == nil {
				for _, target := range officeDocuments(b) {
					if f := files[strings.TrimPrefix(path.Clean("/"+target), "/")]; f != nil {
						return f
					}
				}
			}
		}
	}
	return files["word/document.xml"]
}

// docxReader holds the state of one ReadDOCX.
type docxReader struct {
	blocks []analysis.TextBlock
	tables []*docxTable
	// para is the paragraph being read outside tables.
	para strings.Builder
	// inText is set inside w:t; skip counts the elements open whose text is not
	// shown (a drawing's fallback copy, deleted text, field codes).
	inText bool
	skip   int
	// written counts the bytes of text kept, against maxDOCXText.
	written int
	// slots is what is left of slotBudget; below 0 the document is too large.
	slots int
}

type docxTable struct {
	rows [][]*docxCell
	row  []*docxCell
	cell *docxCell
	// gridBefore is the number of grid columns the current row leaves out before its
	// first cell.
	gridBefore int
	layout     bool
}

type docxCell struct {
	span      int
	continued bool // w:vMerge without "restart": the cell above covers this one
	text      strings.Builder
	blocks    []analysis.TextBlock
}

// skippedDOCX lists elements whose content is not shown text: the fallback copy of
// a drawing (its text is read from the choice), field instructions, deleted text.
func skippedDOCX(local string) bool {
	switch local {
	case "Fallback", "instrText", "delText", "delInstrText":
		return true
	}
	return false
}

// officeDocuments lists the targets of the package's officeDocument relationships:
// the Relationship elements under the root of _rels/.rels whose Type ends in
// "/officeDocument". A part that is not well-formed XML up to the end of its root
// names none.
func officeDocuments(rels []byte) []string {
	s := xmlScanner{b: utf8Part(rels)}
	var targets []string
	var open []string // the elements open, by local name
	for {
		tok, name, attrs, _, err := s.next()
		if err != nil {
			return nil
		}
		switch tok {
		case xmlEOF:
			if len(open) > 0 {
				return nil
			}
			return targets
		case xmlStart, xmlSelfClosing:
			if len(open) == 1 && string(name) == "Relationship" {
				if typ, _ := xmlAttr(attrs, "Type"); strings.HasSuffix(typ, "/officeDocument") {
					target, _ := xmlAttr(attrs, "Target")
					targets = append(targets, target)
				}
			}
			if tok == xmlStart {
				open = append(open, string(name))
			}
		case xmlEnd:
			if len(open) == 0 || open[len(open)-1] != string(name) {
				return nil
			}
			open = open[:len(open)-1]
			if len(open) == 0 {
				return targets // what follows the root is not read
			}
		}
	}
}

// utf8Part gives a part's XML in UTF-8: Word writes UTF-8, the standard allows
// UTF-16 with a byte-order mark.
func utf8Part(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, bomUTF8):
		return b[len(bomUTF8):]
	case bytes.HasPrefix(b, bomUTF16LE):
		return decodeUTF16(b[2:], false)
	case bytes.HasPrefix(b, bomUTF16BE):
		return decodeUTF16(b[2:], true)
	}
	return b
}

func (r *docxReader) read(part []byte) error {
	s := xmlScanner{b: part}
	var text []byte
	for {
		tok, name, attrs, cdata, err := s.next()
		if err != nil {
			return err
		}
		switch tok {
		case xmlEOF:
			for len(r.tables) > 0 {
				r.endTable()
			}
			r.flush()
			return nil
		case xmlStart, xmlSelfClosing:
			if skippedDOCX(string(name)) {
				if tok == xmlStart {
					r.skip++
				}
				continue
			}
			if r.skip > 0 {
				continue
			}
			switch string(name) {
			case "t":
				r.inText = tok == xmlStart
			case "tab":
				r.write("\t")
			case "br", "cr":
				r.lineBreak()
			case "tbl":
				if tok == xmlStart {
					r.flush()
					r.tables = append(r.tables, &docxTable{})
				}
			case "tr":
				if tb := r.table(); tb != nil {
					tb.row, tb.gridBefore = nil, 0
				}
			case "gridBefore":
				if tb := r.table(); tb != nil && tb.cell == nil {
					v, _ := xmlAttr(attrs, "val")
					tb.gridBefore = clampInt(v, 0, maxColspan)
				}
			case "tc":
				if tb := r.table(); tb != nil && tok == xmlStart {
					tb.cell = &docxCell{span: 1}
				}
			case "gridSpan":
				if tb := r.table(); tb != nil && tb.cell != nil {
					v, _ := xmlAttr(attrs, "val")
					tb.cell.span = max(clampInt(v, 1, maxColspan), 1)
				}
			case "vMerge":
				if tb := r.table(); tb != nil && tb.cell != nil {
					v, _ := xmlAttr(attrs, "val")
					tb.cell.continued = v != "restart"
				}
			}
		case xmlEnd:
			if skippedDOCX(string(name)) {
				r.skip = max(r.skip-1, 0)
				continue
			}
			if r.skip > 0 {
				continue
			}
			switch string(name) {
			case "t":
				r.inText = false
			case "p":
				r.lineBreak()
			case "tc":
				if tb := r.table(); tb != nil && tb.cell != nil {
					tb.row = append(tb.row, tb.cell)
					tb.cell = nil
				}
			case "tr":
				if tb := r.table(); tb != nil {
					if tb.gridBefore > 0 {
						tb.row = append([]*docxCell{{span: tb.gridBefore}}, tb.row...)
					}
					tb.rows = append(tb.rows, tb.row)
					tb.row, tb.gridBefore = nil, 0
				}
			case "tbl":
				if len(r.tables) > 0 {
					r.endTable()
				}
			}
		case xmlText:
			if !r.inText || r.skip > 0 {
				continue
			}
			if cdata {
				text = append(text[:0], name...)
			} else {
				text = appendText(text[:0], name)
			}
			if r.written += len(text); r.written > maxDOCXText {
				return ErrTooMuchText
			}
			// strings.Map returns its argument when nothing is dropped.
			r.write(strings.Map(dropControl, string(text)))
		}
	}
}

// dropControl drops a control character that is not white space (see isControl).
func dropControl(r rune) rune {
	if isControl(r) && r != '\t' && r != '\n' && r != '\r' {
		return -1
	}
	return r
}

func clampInt(s string, lo, hi int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return lo
	}
	return min(max(n, lo), hi)
}

func (r *docxReader) table() *docxTable {
	if len(r.tables) == 0 {
		return nil
	}
	return r.tables[len(r.tables)-1]
}

// write adds text to the open cell, or to the paragraph outside tables.
func (r *docxReader) write(s string) {
	if tb := r.table(); tb != nil {
		if tb.cell != nil {
			tb.cell.text.WriteString(s)
		}
		return
	}
	r.para.WriteString(s)
}

// lineBreak ends a paragraph or a line break: a line of the open cell, or a
// paragraph of the document.
func (r *docxReader) lineBreak() {
	if tb := r.table(); tb != nil {
		if c := tb.cell; c != nil && c.text.Len() > 0 && !strings.HasSuffix(c.text.String(), "\n") {
			c.text.WriteByte('\n')
		}
		return
	}
	r.flush()
}

func (r *docxReader) flush() {
	if s := strings.TrimSpace(r.para.String()); s != "" {
		r.blocks = append(r.blocks, analysis.TextBlock{Paragraph: s})
	}
	r.para.Reset()
}

// lines gives a cell's lines without blanks around them, blank lines left out.
func (c *docxCell) lines() []string {
	var out []string
	for _, l := range strings.Split(c.text.String(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// endTable closes the innermost table and puts what it reads as where it stood.
func (r *docxReader) endTable() {
	tb := r.tables[len(r.tables)-1]
	r.tables = r.tables[:len(r.tables)-1]
	blocks := tb.finish(&r.slots)
	if outer := r.table(); outer != nil {
		if c := outer.cell; c != nil {
			c.blocks = append(c.blocks, paragraphs(c.lines())...)
			c.text.Reset()
			c.blocks = append(c.blocks, blocks...)
			outer.layout = true
		}
		// A table between a table's cells is not valid WordprocessingML; it is left
		// out rather than guessed at.
		return
	}
	r.blocks = append(r.blocks, blocks...)
}

// finish gives what the table reads as: a grid, cells merged down written in the
// first row they cover, or, for a table that lays out a page (a cell holding a
// table, or a page's worth of text, or a single column), its cells' content.
func (tb *docxTable) finish(budget *int) []analysis.TextBlock {
	if tb.cell != nil {
		tb.row = append(tb.row, tb.cell)
		tb.cell = nil
	}
	if len(tb.row) > 0 {
		tb.rows = append(tb.rows, tb.row)
		tb.row = nil
	}
	width := 0
	for _, row := range tb.rows {
		w := 0
		for _, c := range row {
			w += c.span
			if utf8.RuneCountInString(c.text.String()) > maxCellRunes {
				tb.layout = true
			}
		}
		width = max(width, w)
	}
	if width <= 1 {
		tb.layout = true
	}
	if tb.layout {
		var out []analysis.TextBlock
		for _, row := range tb.rows {
			for _, c := range row {
				out = append(out, c.blocks...)
				out = append(out, paragraphs(c.lines())...)
			}
		}
		return out
	}
	// above[col] is the cell whose merge down reaches col. A continuation cell's
	// slots are covered by it; text a continuation cell has of its own (Word shows
	// it in the merged cell) is added to it.
	var above []*docxCell
	refs := make([][]*docxCell, 0, len(tb.rows))
	extra := make(map[*docxCell][]string)
	for _, row := range tb.rows {
		if *budget < 0 {
			break
		}
		var slots []*docxCell
		for _, c := range row {
			col, span := len(slots), c.span
			for len(above) < col+span {
				above = append(above, nil)
			}
			if owner := above[col]; c.continued && owner != nil {
				extra[owner] = append(extra[owner], c.lines()...)
				c = nil
			}
			for k := 0; k < span && len(slots) < maxRowSlots; k++ {
				if c != nil {
					above[col+k] = c
				}
				slots = append(slots, nil)
			}
			if col < len(slots) {
				slots[col] = c
			}
		}
		*budget -= len(slots)
		if len(slots) > 0 {
			refs = append(refs, slots)
		}
	}
	grid := make([][]string, len(refs))
	for i, slots := range refs {
		grid[i] = make([]string, len(slots))
		for j, c := range slots {
			if c != nil {
				grid[i][j] = strings.Join(append(c.lines(), extra[c]...), "\n")
			}
		}
	}
	return []analysis.TextBlock{{Table: grid}}
}
