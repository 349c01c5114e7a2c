package analysis

import "strings"

// labelIssue is a label not in template wording: the nonstandard-label findings.
type labelIssue struct {
	token Span
	seen  string
	want  string // "" when there is no wording to propose
	table TableKind
}

// matcher matches the rows of one table to one format's template.
type matcher struct {
	text  string
	keys  *keyTable
	rep   *Report
	table *Table
	tmpl  *Template
	ix    *templateIndex
	block *Block // the 第二十条 item the last title row opened
	data4 bool   // Table 4's data row has been seen

	// The table's rows are cut from this, sized for every row of the table: a table
	// has dozens of rows, and one allocation each was a good part of the reader's
	// garbage.
	rows []Row
	nb   []int // scratch for nonBlank

	labels *[]labelRecord // where labels go; nil when no one asked for them
	worded int            // labels given template wording, each a report landmark
}

// newMatcher makes a matcher for the rows of pt.
// Its nonBlank scratch space is sc's; labels, when not nil, takes its labels.
func newMatcher(text string, kt *keyTable, rep *Report, t *Table, pt *pendingTable, sc *readScratch, labels *[]labelRecord) *matcher {
	tmpl := TemplateFor(t.Format)
	t.Rows = make([]*Row, 0, len(pt.rows))
	return &matcher{text: text, keys: kt, rep: rep, table: t, tmpl: tmpl, ix: indexes[tmpl.Format],
		rows: make([]Row, len(pt.rows)), nb: sc.nb[:0], labels: labels}
}

func (m *matcher) key(c *Cell) string { return m.keys.key(c) }

// label notes a label cell, and keeps it when labels are asked for.
func (m *matcher) label(l labelRecord) {
	if l.want != "" {
		m.worded++
	}
	if m.labels != nil {
		*m.labels = append(*m.labels, l)
	}
}

func (m *matcher) record(c *Cell, want string, standard bool) {
	m.label(labelRecord{token: c.Token(), want: want, table: uint8(m.table.Kind), format: uint8(m.table.Format), standard: standard})
	if !standard {
		m.rep.labelIssues = append(m.rep.labelIssues, labelIssue{
			token: c.Token(), seen: m.text[c.Token().Start:c.Token().End], want: want, table: m.table.Kind,
		})
	}
}

func (m *matcher) matchRow(rr *rawRow) {
	numbers, texts := 0, 0
	for i := range rr.cells {
		switch rr.cells[i].Kind {
		case CellNumber, CellNumberUnit:
			numbers++
		case CellText:
			texts++
		}
	}
	if numbers == 0 && texts == 0 {
		return // a row of empty cells, as HTML exports leave after a table
	}
	row := &m.rows[0]
	m.rows = m.rows[1:]
	*row = Row{Span: rr.Span, Cells: rr.cells, Label: -1}
	m.table.Rows = append(m.table.Rows, row)
	if numbers == 0 && m.matchHeader(row) {
		return
	}
	if m.table.Kind == Table2 && m.matchBlockTitle(row) {
		return
	}
	if m.table.Kind == Table4 {
		m.matchTable4Data(row)
		return
	}
	m.matchLabelled(row)
}

// nonBlank lists the indexes of a row's non-blank cells, in scratch space valid until
// the next call.
func (m *matcher) nonBlank(row *Row) []int {
	out := m.nb[:0]
	for i := range row.Cells {
		if row.Cells[i].Kind != CellBlank {
			out = append(out, i)
		}
	}
	m.nb = out
	return out
}

// headerRow picks the template header row a row of words stands for, or nil.
func (m *matcher) headerRow(row *Row, nb []int) []string {
	// has reports a cell that is one of keys, or starts with a long one.
	has := func(keys []string) bool {
		for _, i := range nb {
			k := m.key(&row.Cells[i])
			if k == "" {
				continue
			}
			for _, nw := range keys {
				if k == nw || len(nw) >= 12 && strings.HasPrefix(k, nw) {
					return true
				}
			}
		}
		return false
	}
	switch m.table.Kind {
	case Table2:
		if !has(hdrInfoContent) {
			return nil
		}
		if m.block != nil {
			return m.block.Header
		}
		best, bestN := m.tmpl.Table2[0], -1
		for _, b := range m.tmpl.Table2 {
			n := 0
			for _, h := range b.headerKeys {
				if has(h) {
					n++
				}
			}
			if n > bestN {
				best, bestN = b, n
			}
		}
		return best.Header
	case Table3:
		for _, i := range nb {
			if strings.Contains(m.key(&row.Cells[i]), "稽关系") {
				return m.tmpl.Table3Header[0]
			}
		}
		switch {
		case has(hdrApplicant):
			return m.tmpl.Table3Header[0]
		case has(hdrApplicantKinds):
			return m.tmpl.Table3Header[1]
		case has(hdrOrganisations):
			return m.tmpl.Table3Header[2]
		}
	case Table4:
		switch {
		case has(hdrSuits):
			return m.tmpl.Table4Header[1]
		case has(hdrReviewAndSuit) && len(nb) <= 3:
			return m.tmpl.Table4Header[0]
		case has(hdrResults):
			return m.tmpl.Table4Header[2]
		}
	}
	return nil
}

// The header words headerRow looks for, normalised once: it runs on every row of
// words, and normalising them there was a map lookup per cell and word.
var (
	hdrInfoContent    = normLabels("信息内容")
	hdrApplicant      = normLabels("申请人情况")
	hdrApplicantKinds = normLabels("自然人", "法人或其他组织")
	hdrOrganisations  = normLabels("商业企业", "科研机构", "社会公益组织", "法律服务机构")
	hdrSuits          = normLabels("未经复议直接起诉", "复议后起诉")
	hdrReviewAndSuit  = normLabels("行政复议", "行政诉讼")
	hdrResults        = normLabels("结果维持", "结果维护", "结果纠正", "其他结果", "尚未审结")
)

func normLabels(words ...string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = normLabel(w)
	}
	return out
}

// headerKeys holds the words of every template header row normalised, by the address
// of the row's first word: matchHeader compares each header cell with one, and
// looking each up by its text (normTemplate) was a map lookup per cell.
var headerKeys = map[*string][]string{}

func init() {
	add := func(words []string) {
		if len(words) > 0 {
			headerKeys[&words[0]] = normLabels(words...)
		}
	}
	for _, t := range []*Template{template2019, template2021} {
		for _, b := range t.Table2 {
			add(b.Header)
		}
		for _, rows := range [][][]string{t.Table3Header, t.Table4Header} {
			for _, r := range rows {
				add(r)
			}
		}
	}
}

// headerKeysOf is normTemplate of each of words, a header row headerRow returned.
func headerKeysOf(words []string) []string {
	if len(words) > 0 {
		if ks, ok := headerKeys[&words[0]]; ok {
			return ks
		}
	}
	ks := make([]string, len(words))
	for i, w := range words {
		ks[i] = normTemplate(w)
	}
	return ks
}

// matchHeader checks a header row cell by cell against the template's header row:
// position decides when the counts agree ("合计" in 总计's place), similarity otherwise.
func (m *matcher) matchHeader(row *Row) bool {
	nb := m.nonBlank(row)
	want := m.headerRow(row, nb)
	if want == nil {
		return false
	}
	keys := headerKeysOf(want)
	for j, i := range nb {
		c := &row.Cells[i]
		k := m.key(c)
		var w, wk string // the template word and its key
		if len(nb) == len(want) {
			w, wk = want[j], keys[j]
		} else {
			for ci, cand := range want {
				if k == keys[ci] {
					w, wk = cand, keys[ci]
					break
				}
			}
			if w == "" {
				if cand, s := closest(k, want); s >= 0.5 {
					w, wk = cand, normTemplate(cand)
				}
			}
		}
		standard := k == wk || (w == table3Note && strings.Contains(k, "稽关系"))
		m.record(c, w, standard)
	}
	return true
}

// matchBlockTitle recognises a 第二十条 title row of Table 2 and opens its block.
func (m *matcher) matchBlockTitle(row *Row) bool {
	nb := m.nonBlank(row)
	if len(nb) == 0 {
		return false
	}
	c := &row.Cells[nb[0]]
	k := m.key(c)
	if !strings.HasPrefix(k, "第二十条") {
		return false
	}
	if b, ok := m.ix.blocks[k]; ok {
		m.block = b
		m.record(c, b.Title, true)
		return true
	}
	for _, other := range indexes {
		if b, ok := other.blocks[k]; ok {
			// A block of the other format: template-version reports it.
			m.block = b
			m.label(labelRecord{token: c.Token(), want: b.Title, table: uint8(Table2), format: uint8(otherFormat(m.table.Format)), standard: true})
			return true
		}
	}
	titles := make([]string, len(m.tmpl.Table2))
	for i, b := range m.tmpl.Table2 {
		titles[i] = b.Title
	}
	if t, s := closest(k, titles); s >= minSimilarity {
		for _, b := range m.tmpl.Table2 {
			if b.Title == t {
				m.block = b
			}
		}
		m.record(c, t, false)
		return true
	}
	return false
}

func otherFormat(f Format) Format {
	if f == Format2019 {
		return Format2021
	}
	return Format2019
}

// rowLabels lists the template row labels of the matcher's table.
func (m *matcher) rowLabels(groups bool) []string {
	var out []string
	switch m.table.Kind {
	case Table2:
		for _, b := range m.tmpl.Table2 {
			for _, r := range b.Rows {
				out = append(out, r.Label)
			}
		}
	case Table3:
		for _, r := range m.tmpl.Table3 {
			if (r.Role == RoleGroup) == groups {
				out = append(out, r.Label)
			}
		}
	}
	return out
}

// lookupRow finds the template row a normalised label stands for in this table:
// exactly, or through a known variant (then standard is false).
func (m *matcher) lookupRow(k string) (tr *TemplateRow, standard bool) {
	if r, ok := m.ix.rows[k]; ok && r.Table == m.table.Kind {
		return r, true
	}
	if a, ok := labelAliases[k]; ok {
		want := a[0]
		if m.table.Format == Format2021 {
			want = a[1]
		}
		if r, ok := m.ix.rows[normLabel(want)]; ok && want != "" && r.Table == m.table.Kind {
			return r, false
		}
	}
	return nil, false
}

// maxLabelCells is how many leading text cells may hold a row's labels: up to two
// group labels and the row label, and a little slack.
const maxLabelCells = 4

// matchLabelled matches a row of Table 2 or 3: its label is the last leading word
// that is a template row label (group labels such as 三、本年度办理结果 may stand
// before it), and every cell after the label is a value.
func (m *matcher) matchLabelled(row *Row) {
	firstNum := len(row.Cells)
	for i := range row.Cells {
		if k := row.Cells[i].Kind; k == CellNumber || k == CellNumberUnit {
			firstNum = i
			break
		}
	}
	var cands []int
	for i := 0; i < firstNum; i++ {
		if row.Cells[i].Kind == CellText {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return
	}
	label, standard := -1, false
	var tr *TemplateRow
	for j := len(cands) - 1; j >= 0 && tr == nil; j-- {
		if r, std := m.lookupRow(m.key(&row.Cells[cands[j]])); r != nil {
			label, tr, standard = cands[j], r, std
		}
	}
	if tr == nil {
		// A reworded label stands among the first cells of its row.
		if len(cands) > maxLabelCells {
			cands = cands[:maxLabelCells]
		}
		labels := m.rowLabels(false)
		best := 0.0
		for j := len(cands) - 1; j >= 0; j-- {
			k := m.key(&row.Cells[cands[j]])
			if cand, s := closest(k, labels); s >= minSimilarity && s > best {
				best, label = s, cands[j]
				tr, _ = m.lookupRow(normLabel(cand))
			}
		}
	}
	if tr == nil {
		if firstNum < len(row.Cells) {
			// Numbers under a label the template does not have: an added row.
			c := &row.Cells[cands[0]]
			m.record(c, "", false)
			row.Label = cands[0]
		}
		return
	}
	row.Label, row.Template = label, tr
	m.record(&row.Cells[label], tr.Label, standard)
	// Group labels sharing the row, such as 三、本年度办理结果 or （三）不予公开.
	for _, i := range cands {
		if i >= label {
			break
		}
		c := &row.Cells[i]
		k := m.key(c)
		if r, ok := m.ix.rows[k]; ok && r.Role == RoleGroup {
			m.record(c, r.Label, true)
		} else if cand, s := closest(k, m.rowLabels(true)); s >= minSimilarity {
			m.record(c, cand, false)
		}
	}
	if tr.Role == RoleGroup {
		return
	}
	m.setValues(row, label+1, len(tr.Columns))
}

// setValues takes the cells from first on as the row's values, dropping blank cells
// past the template's column count (trailing separators, merged-cell leftovers).
func (m *matcher) setValues(row *Row, first, want int) {
	end := len(row.Cells)
	for end > first && end-first > want && row.Cells[end-1].Kind == CellBlank {
		end--
	}
	row.Values = cellRun(first, end)
}

// cellIndexes is 0, 1, 2, … maxRowCells: the indexes of the cells of any row but
// one with full-width separators, which maxRowCells does not bound.
var cellIndexes = func() []int {
	s := make([]int, maxRowCells+1)
	for i := range s {
		s[i] = i
	}
	return s
}()

// cellRun returns the indexes first, first+1, … end-1. A row's values are a run of
// its cells, so their indexes are a window of cellIndexes, shared by every row: a
// report has hundreds of values, and an array of them per table was a good part of
// the reader's garbage.
func cellRun(first, end int) []int {
	if end <= len(cellIndexes) {
		return cellIndexes[first:end:end]
	}
	s := make([]int, 0, end-first)
	for i := first; i < end; i++ {
		s = append(s, i)
	}
	return s
}

// matchTable4Data takes the first row of numbers in Table 4 as its data row.
func (m *matcher) matchTable4Data(row *Row) {
	if m.data4 {
		return
	}
	first := 0
	for i := range row.Cells {
		if k := row.Cells[i].Kind; k == CellNumber || k == CellNumberUnit {
			break
		}
		if row.Cells[i].Kind == CellText {
			first = i + 1
		}
	}
	m.data4 = true
	row.Template = m.tmpl.Table4
	m.setValues(row, first, len(m.tmpl.Table4.Columns))
}
