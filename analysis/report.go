package analysis

import "math"

// Layout is how a table was pasted.
type Layout int

// The table layouts seen in published reports.
const (
	// LayoutCellLines: one cell per line, each starting with a TAB; blank lines
	// separate rows; a line without the TAB continues the previous cell.
	LayoutCellLines Layout = iota + 1
	// LayoutPipe: one row per line, cells separated by "|".
	LayoutPipe
	// LayoutMarkdown: a GitHub-flavoured Markdown table.
	LayoutMarkdown
	// LayoutTabRow: one row per line, cells separated by TABs (from a spreadsheet).
	LayoutTabRow
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
	}
	return "unknown"
}

// TableKind numbers the tables as the official format does.
type TableKind int

// The three tables of a report.
const (
	// Table2: 主动公开政府信息情况.
	Table2 TableKind = 2
	// Table3: 收到和处理政府信息公开申请情况.
	Table3 TableKind = 3
	// Table4: 政府信息公开行政复议、行政诉讼情况.
	Table4 TableKind = 4
)

// Name is the table's title in the format.
func (k TableKind) Name() string {
	switch k {
	case Table2:
		return "主动公开政府信息情况"
	case Table3:
		return "收到和处理政府信息公开申请情况"
	case Table4:
		return "政府信息公开行政复议、行政诉讼情况"
	}
	return ""
}

// Report is a document read as a 政府信息公开工作年度报告.
type Report struct {
	Text string
	// IsReport is false when the text has fewer than two report landmarks (a title, a
	// section heading, a template table label); nothing else is then meaningful.
	IsReport bool
	// Year is the report year, 0 when unknown; YearSource says where it came from:
	// "title", "period" (the 统计期限 sentence) or "".
	Year       int
	YearSource string
	// Format is the format the report must follow: forced by Options.Template, else
	// from the year, else from the labels present. FormatUnknown when none tells.
	Format Format
	// Title is the span of the title line's text, zero when there is none.
	Title    Span
	Sections []*Section
	Tables   []*Table

	labelIssues []labelIssue // labels not in template wording
	totals      []TotalInfo  // every total cell and its arithmetic
	balances    []balance    // Table 3's 勾稽关系, per column
}

// SectionKind numbers the six sections 1 to 6.
type SectionKind int

// Section is one of the six parts, from its heading to the next section heading.
type Section struct {
	Kind SectionKind
	// Heading is the span of the heading text, without Markdown markers or padding.
	Heading Span
	// Span runs from the heading to the start of the next section heading.
	Span
	// Standard is true when the heading is in template wording.
	Standard bool
}

// Table is one of the report's tables as found in the text.
type Table struct {
	Kind   TableKind
	Layout Layout
	// Format is the format whose layout this table follows, as told by its labels;
	// it is the report's Format when the labels do not tell.
	Format Format
	Span
	Rows []*Row

	// decided is true when the table's wording told its format; evidence is then the
	// cell that told it.
	decided  bool
	evidence Span
}

// Row is one table row.
type Row struct {
	Span
	Cells []Cell
	// Label is the index of the row's label cell in Cells, or -1.
	Label int
	// Template is the template row this row was matched to; nil for header rows and
	// rows that match nothing.
	Template *TemplateRow
	// Values are the indexes in Cells of the row's number cells, in column order.
	// Rows share the array behind it: it is read-only.
	Values []int
}

// CellKind classifies a cell's content.
type CellKind uint8

// Cell kinds.
const (
	CellBlank CellKind = iota
	CellNumber
	// CellNumberUnit is a number followed by a unit, such as "296549元".
	CellNumberUnit
	CellText
)

// Cell is one table cell. Reports have thousands, so it is kept small.
type Cell struct {
	// Span is the whole cell between its separators, whitespace included.
	Span
	// Value is the number of a CellNumber or CellNumberUnit cell, scaled by 10^Scale.
	Value int64
	// lead and trail are the lengths of the blanks before and after the token (see
	// Token): offsets within the cell take 8 bytes where the token's own span took 16,
	// and so a cell 40 instead of 48.
	lead, trail int32
	// keyID is 1 + the index of the cell's normalised text in the key table the
	// reader builds (0: none). An index, not a string, so cells hold no pointers:
	// copying them needs no write barriers and the collector never scans them.
	keyID int32
	Kind  CellKind
	Scale int8
	// unitLen is the byte length of the unit at the end of a CellNumberUnit token.
	unitLen uint8
}

// Token is the cell's content without surrounding whitespace: what a fix replaces.
func (c *Cell) Token() Span { return Span{c.Start + int(c.lead), c.End - int(c.trail)} }

// setToken records tok, which lies in the cell's span, as its token. A run of blanks
// of 2 GiB or more does not fit, and its excess is counted into the token: the token
// stays inside the cell, and no report has such a run.
func (c *Cell) setToken(tok Span) {
	c.lead = int32(min(tok.Start-c.Start, math.MaxInt32))
	c.trail = int32(min(c.End-tok.End, math.MaxInt32))
}

// Unit returns the unit written after the number of a CellNumberUnit cell ("元").
func (c *Cell) Unit(text string) string {
	end := c.Token().End
	return text[end-int(c.unitLen) : end]
}

// SectionAt returns the section containing offset, or nil.
func (r *Report) SectionAt(offset int) *Section {
	for _, s := range r.Sections {
		if s.Start <= offset && offset < s.End {
			return s
		}
	}
	return nil
}

// TableAt returns the table containing offset, or nil.
func (r *Report) TableAt(offset int) *Table {
	for _, t := range r.Tables {
		if t.Start <= offset && offset <= t.End {
			return t
		}
	}
	return nil
}
