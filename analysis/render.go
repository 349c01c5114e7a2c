package analysis

import (
	"strings"
)

// Writing a document back as text: a report read from a web page, a Word file, a PDF
// or any pasted layout is written as Markdown — paragraphs, and tables in the pipe
// layout — which the reader reads back to the same paragraphs and grids. That text
// is what `nianbao text` prints and what an editor can open and correct.

// TextBlock is a paragraph, or a table of cell texts, as a file reader (a web page, a
// Word document) extracts them, in document order.
type TextBlock struct {
	// Paragraph is the text of a paragraph; its line breaks become spaces.
	Paragraph string
	// Table holds the rows of a table, each a list of cell texts. A merged cell has
	// its text in the first slot it covers and "" in the others, as the official
	// tables are drawn.
	Table [][]string
}

// RenderMarkdown writes blocks as Markdown: each paragraph a line of its own, each
// table a Markdown table (its first row the header row), with a blank line between
// blocks. Rows keep their own number of cells, as pasted tables do: padding a row
// short of a value with empty cells would say the missing value was left blank. Cell
// text is kept on one line and a "|" in it becomes "丨", so that the reader finds
// exactly the cells given.
func RenderMarkdown(blocks []TextBlock) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		if bl.Table == nil {
			b.WriteString(oneParagraph(bl.Paragraph))
			b.WriteString("\n")
			continue
		}
		for r, row := range bl.Table {
			b.WriteString("|")
			for _, cell := range row {
				b.WriteString(" " + cellText(cell) + " |")
			}
			b.WriteString("\n")
			if r == 0 {
				b.WriteString("|" + strings.Repeat("---|", max(len(row), 1)) + "\n")
			}
		}
	}
	return b.String()
}

// The replacers of oneParagraph and cellText, made once: building one per cell took
// a sixth of the time of reading a Word document (BenchmarkRead in input/).
var (
	paragraphSeparators = strings.NewReplacer("\t", " ", "|", "丨", "｜", "丨")
	cellSeparators      = strings.NewReplacer("\r\n", "", "\n", "", "\r", "", "\t", " ", "|", "丨", "｜", "丨")
)

// oneParagraph puts a paragraph's text on one line, with no TAB or "|" that would
// make it a table row.
func oneParagraph(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
	s = paragraphSeparators.Replace(s)
	return strings.TrimFunc(s, isBlankRune)
}

// cellText puts a cell's text on one line without separators. A line break inside a
// cell (「本年新」/「制作数量」) is dropped: cells are compared with template wording
// with their breaks removed, and Chinese needs no space where a line wrapped.
func cellText(s string) string {
	s = cellSeparators.Replace(s)
	return strings.TrimFunc(s, isBlankRune)
}

// TextBlocks returns the document's paragraphs and tables as text blocks: what it
// says, without its layout.
func (d *Document) TextBlocks() []TextBlock {
	out := make([]TextBlock, 0, len(d.Blocks))
	for _, b := range d.Blocks {
		if b.Kind == Paragraph {
			out = append(out, TextBlock{Paragraph: d.Text[b.Start:b.End]})
			continue
		}
		rows := make([][]string, len(b.Grid.Rows))
		for i, r := range b.Grid.Rows {
			rows[i] = make([]string, len(r.Cells))
			for j := range r.Cells {
				rows[i][j] = r.Cells[j].text(d.Text)
			}
		}
		out = append(out, TextBlock{Table: rows})
	}
	return out
}

// Markdown writes the document as Markdown (see RenderMarkdown).
func (d *Document) Markdown() string { return RenderMarkdown(d.TextBlocks()) }
