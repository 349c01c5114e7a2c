package analysis

import (
	"sort"
	"sync/atomic"
	"unicode/utf8"
)

// The report model: what stage 2 (match.go) makes of a Document and what the rules
// read. Offsets are byte offsets into Text.

// Report is a document read as a 政府信息公开工作年度报告.
type Report struct {
	Text string
	Doc  *Document
	// IsReport is true when the text has the title words (政府信息公开…年度报告)
	// somewhere and at least one section heading or table label; nothing else is
	// meaningful when it is false.
	IsReport bool
	// Year is the report year, 0 when unknown; YearSource says where it came from:
	// "title", "period" (the 统计期限 sentence), "section" (the first 「YYYY年」 of
	// section 一) or "".
	Year       int
	YearSource string
	// Format is the format the report must follow: forced by Options.Template, else
	// from the year, else from the wording of its tables. FormatUnknown when none tells.
	Format Format
	// Title is the span of the title, zero when there is none; a title split over
	// lines spans them.
	Title    Span
	Sections []*Section
	Tables   []*Table

	// paragraphs are the spans of the document's paragraphs, headings included, in
	// text order: what Prose reads, kept when CheckFindings lets the document go.
	paragraphs []Span
	labels     []labelRecord // every label cell and heading, with its template wording
	totals     []TotalInfo   // every total cell and its arithmetic
	balances   []balance     // Table 3's 勾稽关系, per column
	unread     []unreadTable // tables whose values could not be read

	// narr holds what narrative-mismatch read of the prose (see narrPlanOf), made
	// on first use: a report may be read by several goroutines at once (a hover
	// while a keystroke is updated). It is a pointer, set once by Match, so that
	// the copies of a report share it; each checks that the plan was read from
	// its own text before it uses it.
	narr *atomic.Pointer[narrPlan]
}

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

// Table is one of the report's tables, its rows matched to a template.
type Table struct {
	Kind   TableKind
	Layout Layout
	// Format is the format whose layout this table follows, as told by its wording;
	// it is the report's Format when the wording does not tell.
	Format Format
	Span
	Rows []*Row

	// decided is true when the table's wording told its format; evidence is then the
	// cell that told it most.
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
	// Values are the row's value cells, in column order: a part of Cells.
	Values []Cell
}

// value returns the cell of column c of the row.
func (r *Row) value(c int) *Cell { return &r.Values[c] }

// shapeOK reports whether a row's values fill exactly its template's columns.
func (r *Row) shapeOK() bool {
	return r != nil && r.Template != nil && r.Template.Role != RoleGroup && len(r.Values) == len(r.Template.Columns)
}

// labelRecord is a label cell or heading and the template wording it stands for.
type labelRecord struct {
	token Span
	want  string // template wording; "" when nothing in the template fits
	table TableKind
	// format is the format whose wording want is.
	format   Format
	standard bool
	heading  bool
	// split: the label is in pieces among other cells; token is its first piece.
	split bool
}

// unreadTable is a table the report has (its section, its labels) but whose values
// the reader could not find.
type unreadTable struct {
	kind TableKind
	at   Span
	// labels is how many of its row labels were found, of want.
	labels, want int
	// numbers: some label had numbers after it; asText: the labels stand as lines of
	// text, not in a table; missing: nothing of the table was found in its section.
	numbers, asText, missing bool
}

// header is the report without its document, sections and tables: what it says of
// itself (see CheckFindings).
func (r *Report) header() *Report {
	return &Report{Text: r.Text, IsReport: r.IsReport, Year: r.Year, YearSource: r.YearSource, Format: r.Format, Title: r.Title}
}

// Prose returns the prose of section s: its paragraphs after the heading, each
// without surrounding blanks, and what follows the heading on its own line (a
// crawler's text runs on after it), in text order. Lines the reader took into a
// table are not prose. This is what the rules that read prose read (readsProse):
// Update keeps it current through an edit without reading the text again.
func (r *Report) Prose(s *Section) []Span {
	var out []Span
	// Paragraphs and tables are in text order and do not overlap: both are found by
	// binary search (a search from the start for each section made checking a
	// file of many reports quadratic).
	first := sort.Search(len(r.paragraphs), func(i int) bool { return r.paragraphs[i].End > s.Heading.End })
	for _, p := range r.paragraphs[first:] {
		if p.Start >= s.End {
			break
		}
		if p.Start < s.Heading.End {
			p.Start = s.Heading.End
			for p.Start < p.End {
				c, size := utf8.DecodeRuneInString(r.Text[p.Start:p.End])
				if !isBlankRune(c) {
					break
				}
				p.Start += size
			}
			if p.Start == p.End {
				continue
			}
		}
		if r.inTable(p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// inTable reports whether span p lies in one of the report's tables.
func (r *Report) inTable(p Span) bool {
	// The last table starting at or before p.
	i := sort.Search(len(r.Tables), func(i int) bool { return r.Tables[i].Start > p.Start }) - 1
	return i >= 0 && p.End <= r.Tables[i].End
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

// tableName names a table for a message: 表三（收到和处理政府信息公开申请情况）.
func tableName(k TableKind) string { return "表" + k.Numeral() + "（" + k.Name() + "）" }
