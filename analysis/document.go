package analysis

import (
	"strings"
)

// Stage 1, reading: text in any of the layouts people paste becomes a Document of
// paragraphs and table grids, every cell with its span in the text. The reader knows
// the templates' words (the lexicon), to find tables in layouts without separators and
// to join a label wrapped over lines, but nothing of rows, formats or arithmetic.

// Layout is how a table was written in the text.
type Layout int

// The table layouts the reader understands.
const (
	// LayoutCellLines: one cell per line, each starting with a TAB; blank lines
	// separate rows; a line without the TAB continues the previous cell.
	LayoutCellLines Layout = iota + 1
	// LayoutPipe: one row per line, cells separated by "|" or "｜".
	LayoutPipe
	// LayoutMarkdown: a Markdown table (rows start with "|").
	LayoutMarkdown
	// LayoutTabRow: one row per line, cells separated by TABs (a spreadsheet, or a
	// browser's copy of a table); a cell's own line break may survive.
	LayoutTabRow
	// LayoutBareLines: one cell per line without indentation, as several sites' copy
	// gives; rows are told apart by blank lines or by the labels.
	LayoutBareLines
	// LayoutInline: cells separated by single spaces inside running text, as a
	// crawler's text of a page gives.
	LayoutInline
	// LayoutColumns: columns aligned with spaces, labels wrapped over lines, as
	// `pdftotext -layout` gives.
	LayoutColumns
)

func (l Layout) String() string {
	switch l {
	case LayoutCellLines:
		return "cell-lines"
	case LayoutPipe:
		return "pipe"
	case LayoutMarkdown:
		return "markdown"
	case LayoutTabRow:
		return "tab-row"
	case LayoutBareLines:
		return "bare-lines"
	case LayoutInline:
		return "inline"
	case LayoutColumns:
		return "columns"
	}
	return "unknown"
}

// layoutNames lists the layouts for messages that say which ones are understood.
const layoutNames = "每格一行（可缩进）、| 分隔、Markdown 表格、TAB 分隔、空格分隔的连续文字、pdftotext -layout 的对齐列"

// Document is a text read into paragraphs and tables.
type Document struct {
	Text   string
	Blocks []Block
}

// BlockKind tells a paragraph from a table.
type BlockKind uint8

// Block kinds.
const (
	Paragraph BlockKind = iota + 1
	TableBlock
)

// Block is a paragraph of text or a table, in text order.
type Block struct {
	Kind BlockKind
	// Span is the paragraph's text without surrounding blanks, or the table from its
	// first row to its last.
	Span
	// Grid is the table's rows; nil for a paragraph.
	Grid *Grid
}

// Grid is a table as written: rows of cells, not yet matched to a template.
type Grid struct {
	Layout Layout
	Rows   []GridRow
}

// GridRow is one row of a grid.
type GridRow struct {
	Span
	Cells []Cell
}

// Cell is one table cell.
type Cell struct {
	// Span is the whole cell between its separators, blanks included: a fix that
	// fills a blank cell inserts into it.
	Span
	// Token is the cell's content without surrounding blanks: what a fix replaces.
	// A label wrapped over lines in a layout that interleaves other cells (PDF) has
	// its other pieces in more (see More): a pointer, not a slice, because almost no
	// cell has any, and a slice would make every cell 16 bytes larger (72 instead of
	// 56; a file at the size limit has a million cells).
	Token Span
	more  *[]Span
	// Value is the number of a CellNumber or CellNumberUnit cell, scaled by
	// 10^Scale; unitLen is the byte length of the unit at the end of its token.
	Value   int64
	Kind    CellKind
	Scale   int8
	unitLen uint8
}

// More returns the other pieces of a label wrapped over lines among other cells, in
// order after Token; nil for almost every cell.
func (c *Cell) More() []Span {
	if c.more == nil {
		return nil
	}
	return *c.more
}

// Unit returns the unit written after the number of a CellNumberUnit cell ("元").
func (c *Cell) Unit(text string) string { return text[c.Token.End-int(c.unitLen) : c.Token.End] }

// text returns the cell's content as written, its pieces joined.
func (c *Cell) text(doc string) string {
	s := doc[c.Token.Start:c.Token.End]
	for _, p := range c.More() {
		s += doc[p.Start:p.End]
	}
	return s
}

// newCell classifies the content of text[start:end].
func newCell(text string, start, end int) Cell {
	a, b := trimBlank(text, start, end)
	c := Cell{Span: Span{start, end}, Token: Span{a, b}}
	c.classify(text[a:b])
	return c
}

// classify sets the cell's kind from its content, without surrounding blanks.
func (c *Cell) classify(tok string) {
	c.Kind, c.Value, c.Scale, c.unitLen = CellText, 0, 0, 0
	if tok == "" {
		c.Kind = CellBlank
		return
	}
	if n, ok := parseNumber(tok); ok {
		c.Kind, c.Value, c.Scale, c.unitLen = CellNumber, n.Value, int8(n.Scale), uint8(len(n.Unit))
		if n.Unit != "" {
			c.Kind = CellNumberUnit
		}
	}
}

// isNumber reports a cell that holds a number, with or without a unit.
func (c *Cell) isNumber() bool { return c.Kind == CellNumber || c.Kind == CellNumberUnit }

// line is one line of the text: its content without the line break, and where the
// next line starts.
type line struct {
	start, end, next int
}

// splitLines cuts text into lines. A line ends at "\n", "\r\n" or a lone "\r", as it
// does for editors and LSP.
func splitLines(text string) []line {
	lines := make([]line, 0, strings.Count(text, "\n")+1)
	// cr is the offset of the next "\r" at or after pos, len(text) when there is
	// none: each is searched for once, and a text without one is never searched again.
	cr := -1
	for pos := 0; pos < len(text); {
		end, next := len(text), len(text)
		if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
			end, next = pos+i, pos+i+1
		}
		if cr < pos {
			cr = len(text)
			if i := strings.IndexByte(text[pos:], '\r'); i >= 0 {
				cr = pos + i
			}
		}
		switch {
		case cr == end-1:
			end-- // "\r\n"
		case cr < end:
			end, next = cr, cr+1 // a lone "\r"
		}
		lines = append(lines, line{pos, end, next})
		pos = next
	}
	return lines
}

// Read reads text into paragraphs and tables. It never fails: what is not a table
// is a paragraph.
func Read(text string) *Document {
	r := &reader{text: text, lines: splitLines(text)}
	if strings.Contains(text, directiveWord) {
		r.lines = dropDirectives(text, r.lines)
	}
	r.classify()
	r.read()
	return &Document{Text: text, Blocks: r.blocks}
}

// dropDirectives leaves out the lines that are suppression comments (see
// suppress.go): the layouts are read as if they were not there, so that one between
// two rows of a table, above the row it is for, leaves the table whole.
func dropDirectives(text string, lines []line) []line {
	kept := lines[:0]
	for _, ln := range lines {
		if _, ok := directiveLine(text[ln.start:ln.end]); !ok {
			kept = append(kept, ln)
		}
	}
	return kept
}

// lineClass is what a line looks like on its own.
type lineClass uint8

const (
	lineBlank   lineClass = iota
	lineText              // no separators: prose, a heading, or a cell of a bare layout
	lineTabCell           // one TAB, leading: a cell of the cell-per-line layout
	lineTabRow            // TABs elsewhere: a row of a spreadsheet copy
	linePipe              // "|" or "｜": a row of a pipe or Markdown table
	lineMDRule            // a Markdown delimiter row such as "|---|:---:|"
	lineColumns           // cells aligned with runs of spaces (pdftotext -layout)
)

// reader holds the state of one Read.
type reader struct {
	text   string
	lines  []line
	class  []lineClass
	blocks []Block
}

// maxRowCells bounds a row: the widest template row has 16 cells, so a line with
// hundreds of separators is not a table row.
const maxRowCells = 256

func (r *reader) classify() {
	r.class = make([]lineClass, len(r.lines))
	// A line is not searched for a TAB or a "|" when the text has none: most texts
	// have either.
	has := separators{tab: strings.IndexByte(r.text, '\t') >= 0, pipe: strings.IndexByte(r.text, '|') >= 0}
	for i, ln := range r.lines {
		r.class[i] = classifyLine(r.text[ln.start:ln.end], has)
	}
	markColumns(r.text, r.lines, r.class)
}

// separators says which separators a text holds.
type separators struct{ tab, pipe bool }

// classifyLine classifies line s of a text that holds the separators has.
func classifyLine(s string, has separators) lineClass {
	tabs := 0
	if has.tab {
		tabs = strings.Count(s, "\t")
	}
	switch {
	case tabs == 1 && s[0] == '\t':
		return lineTabCell // a cell, blank or not
	case isBlank(s):
		return lineBlank
	}
	pipes := 0
	if has.pipe {
		pipes = strings.Count(s, "|")
	}
	pipes += countBars(s)
	switch {
	case tabs >= maxRowCells || pipes >= maxRowCells:
		return lineText
	case tabs > 0:
		return lineTabRow
	case pipes > 0 && isMarkdownRule(s):
		return lineMDRule
	case pipes > 0:
		return linePipe
	}
	return lineText
}

// isMarkdownRule reports a Markdown delimiter row such as "|---|:---:|".
func isMarkdownRule(s string) bool {
	dash := false
	for _, r := range s {
		switch r {
		case '-':
			dash = true
		case '|', '｜', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash
}

// read walks the lines, handing each run of one layout to its reader.
func (r *reader) read() {
	for i := 0; i < len(r.lines); {
		switch r.class[i] {
		case lineBlank:
			i++
		case linePipe, lineMDRule:
			i = r.readPipe(i)
		case lineTabRow:
			i = r.readTabRows(i)
		case lineText:
			if r.wrapsIntoTabRow(i) {
				i = r.readTabRows(i)
				continue
			}
			i = r.readText(i)
		case lineTabCell:
			i = r.readCellLines(i)
		case lineColumns:
			i = r.readColumns(i)
		default:
			i = r.readText(i)
		}
	}
}

// paragraph adds the text of [start, end) as a paragraph, unless it is blank.
func (r *reader) paragraph(start, end int) {
	a, b := trimBlank(r.text, start, end)
	if a < b {
		r.blocks = append(r.blocks, Block{Kind: Paragraph, Span: Span{a, b}})
	}
}

// table adds a grid, unless it has no rows.
func (r *reader) table(layout Layout, rows []GridRow) {
	if len(rows) == 0 {
		return
	}
	r.blocks = append(r.blocks, Block{Kind: TableBlock, Span: Span{rows[0].Start, rows[len(rows)-1].End},
		Grid: &Grid{Layout: layout, Rows: rows}})
}

// cellKey is the folded text of a cell that may be a table word, "" otherwise.
func cellKey(doc string, c *Cell) string {
	if c.Kind != CellText || c.Token.End-c.Token.Start > 4*maxFuzzyRunes {
		return ""
	}
	return lex.key(c.text(doc))
}
