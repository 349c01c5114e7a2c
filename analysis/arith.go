package analysis

import (
	"strconv"
	"strings"
	"sync"
)

// The arithmetic of Tables 3 and 4. A blank cell, or one that is not a whole
// non-negative number, is unknown: a total with an unknown part is not checked.
// Totals are computed bottom-up from the leaf cells, so that rewriting every wrong
// total once to its computed value leaves no wrong total.

// balance is one column of Table 3's 勾稽关系: 一 + 二 = （七）总计 + 四.
type balance struct {
	column string
	cells  [4]Span // 一, 二, （七）, 四
	values [4]int64
}

const applicantColumns = 6 // Table 3: 自然人 … 其他; the 7th column is 总计

// shapeOK reports whether a row's values fill exactly its template's columns.
func shapeOK(r *Row) bool {
	return r != nil && r.Template != nil && r.Template.Role != RoleGroup && len(r.Values) == len(r.Template.Columns)
}

// valueAt returns a row's value in column c and whether it is known.
func valueAt(r *Row, c int) (int64, bool) {
	if !shapeOK(r) {
		return 0, false
	}
	cell := &r.Cells[r.Values[c]]
	if (cell.Kind != CellNumber && cell.Kind != CellNumberUnit) || cell.Scale != 0 || cell.Value < 0 {
		return 0, false
	}
	return cell.Value, true
}

func cellAt(r *Row, c int) *Cell { return &r.Cells[r.Values[c]] }

// table3Plan is what the arithmetic of a format's Table 3 needs from its template,
// worked out once: doing it per check was a tenth of the arithmetic's allocations.
type table3Plan struct {
	leaves []*TemplateRow
	total  *TemplateRow
	// rowTotalName names each row's 总计, by template row index.
	rowTotalName []string
	// rowTotals is how many rows have a 总计 of their own: every row but groups and
	// （七）总计.
	rowTotals int
}

var (
	totalColNames [applicantColumns + 1]string
	totalColSubj  [applicantColumns + 1]string
)

// maxTable3Rows bounds the rows of a template's Table 3, so that computeTable3 keeps
// its values on the stack.
const maxTable3Rows = 48

func init() {
	for _, t := range []*Template{template2019, template2021} {
		if len(t.Table3) > maxTable3Rows {
			panic("analysis: Table 3 of a template has more rows than maxTable3Rows")
		}
		p := &table3Plan{rowTotalName: make([]string, len(t.Table3))}
		for i, r := range t.Table3 {
			p.rowTotalName[i] = shortLabel(r.Label) + " · 总计"
			switch r.Role {
			case RoleLeaf:
				p.leaves = append(p.leaves, r)
			case RoleTotal:
				p.total = r
			}
			if r.Role != RoleGroup && r.Role != RoleTotal {
				p.rowTotals++
			}
		}
		t.table3 = p
	}
	for c, col := range table3Columns {
		totalColNames[c] = "（七）总计 · " + col
		totalColSubj[c] = "（七）总计（" + col + "列）"
	}
}

// table4Totals is how many totals Table 4 has: one per group.
const table4Totals = 3

// computeArithmetic sets rep's totals and balances from its tables.
func computeArithmetic(rep *Report) { computeArithmeticIn(rep, nil, nil) }

// scratch holds the arrays of arithmetic that is computed only to be checked and then
// dropped: a number-cell keystroke's (see Result.cellEdited). Reusing them saves a
// keystroke most of its allocation.
type scratch struct {
	totals   []TotalInfo
	balances []balance
	terms    []int64

	// The edited table as the update's findings see it: a copy of the table and of
	// the edited row, pointing into the old report.
	part   Report
	only   cellOnly
	tables []*Table
	table  Table
	rows   []*Row
	row    Row
	cells  []Cell
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release clears what in sc points out of it, so that a pooled scratch keeps no report
// alive, and returns it to the pool. (The totals and balances point only to sc's own
// terms and to names made at init.)
func (sc *scratch) release() {
	clear(sc.tables[:cap(sc.tables)])
	clear(sc.rows[:cap(sc.rows)])
	sc.part, sc.table, sc.row = Report{}, Table{}, Row{}
	sc.only.row = nil
	scratchPool.Put(sc)
}

// computeArithmeticIn is computeArithmetic with its arrays taken from sc when it is
// not nil; rep's totals and balances are then only valid until sc is released. With
// only, Table 3's totals and balances are only those that read one cell (see
// cellOnly).
func computeArithmeticIn(rep *Report, sc *scratch, only *cellOnly) {
	n, n3, nTerms := 0, 0, 0
	for _, t := range rep.Tables {
		switch t.Kind {
		case Table3:
			p := TemplateFor(t.Format).table3
			n += p.rowTotals + applicantColumns + 1
			n3++
			// Six terms per row total; each column of （七）总计 the non-zero leaves
			// its message lists, at most all of them.
			nTerms += applicantColumns*p.rowTotals + (applicantColumns+1)*len(p.leaves)
		case Table4:
			n += table4Totals
			nTerms += table4Totals * table4Terms
		}
	}
	if sc == nil {
		sc = &scratch{}
	}
	rep.totals = grow(sc.totals, n)
	rep.balances = grow(sc.balances, n3*(applicantColumns+1))
	// The terms of all totals share one array.
	ts := &terms{arena: grow(sc.terms, nTerms)}
	for _, t := range rep.Tables {
		switch t.Kind {
		case Table3:
			computeTable3(rep, t, ts, only)
		case Table4:
			computeTable4(rep, t, ts)
		}
	}
	sc.totals, sc.balances, sc.terms = rep.totals, rep.balances, ts.arena
}

// grow returns xs emptied, with room for n.
func grow[T any](xs []T, n int) []T {
	if cap(xs) < n {
		return make([]T, 0, n)
	}
	return xs[:0]
}

// terms hands out slices of one array for the terms of totals.
type terms struct{ arena []int64 }

// take returns an empty slice with room for n terms; a slice that outgrows it (an
// estimate gone wrong) moves to an array of its own rather than overwrite others.
func (ts *terms) take(n int) []int64 {
	a := ts.arena
	if cap(a)-len(a) < n {
		return make([]int64, 0, n)
	}
	ts.arena = a[:len(a)+n]
	return a[len(a) : len(a) : len(a)+n]
}

// rowsByTemplate maps each template row to the first row of the table matched to it.
func rowsByTemplate(t *Table) map[*TemplateRow]*Row {
	m := map[*TemplateRow]*Row{}
	for _, r := range t.Rows {
		if r.Template != nil && m[r.Template] == nil {
			m[r.Template] = r
		}
	}
	return m
}

// addTotal records a total cell: terms are its parts, shown the parts a message lists
// (only the non-zero ones for a column of 25 leaf rows).
func addTotal(rep *Report, cell *Cell, name, subject string, terms []int64, known bool, shown []int64) {
	ti := TotalInfo{Span: cell.Token(), Name: name, Known: known, subject: subject}
	if cell.Kind == CellBlank {
		// Its token is empty. (Asked of the kind, not the token: a number-cell
		// update computes this on a cell whose token is empty only in the old
		// text's coordinates; see Result.cellEdited.)
		ti.Span = cell.Span
	}
	if known {
		for _, v := range terms {
			ti.Expected += v
		}
		ti.Terms = shown
	}
	if (cell.Kind == CellNumber || cell.Kind == CellNumberUnit) && cell.Scale == 0 && cell.Value >= 0 {
		ti.Reported, ti.ReportedOK = cell.Value, true
	}
	rep.totals = append(rep.totals, ti)
}

// nonZero returns the non-zero values of vs in a slice from ts.
func nonZero(ts *terms, vs []int64) []int64 {
	out := ts.take(len(vs))
	for _, v := range vs {
		if v != 0 {
			out = append(out, v)
		}
	}
	return out
}

// cellOnly restricts the arithmetic of Table 3 to the totals and balances that read
// one cell, the one a number-cell keystroke rewrote: no other can change. It records
// the cells those are reported at (their total cell; a balance's （七）总计 cell), so
// that the update knows which of its previous findings the fresh ones replace.
type cellOnly struct {
	row *TemplateRow // the cell's row in the template
	col int          // and its column
	// totals and balances are the spans of the cells whose findings were computed
	// again: the whole cell, as a finding may be at its token or its span.
	totals, balances []Span
}

// rowTotal reports whether row tr's 总计 reads the cell: a cell of that row.
func (o *cellOnly) rowTotal(tr *TemplateRow) bool { return o == nil || o.row == tr }

// columnTotal reports whether column c of （七）总计 reads the cell: the cell is in
// that column of the total row, or of a leaf row, and a leaf's applicant columns
// all count in the 总计 column.
func (o *cellOnly) columnTotal(c int) bool {
	switch {
	case o == nil:
		return true
	case o.row.Role == RoleTotal:
		return o.col == c
	case o.row.Role == RoleLeaf:
		return o.col == c || (c == applicantColumns && o.col < applicantColumns)
	}
	return false
}

// balance reports whether the balance of column c reads the cell: one of its four rows.
func (o *cellOnly) balance(c int, ends [4]*TemplateRow) bool {
	return o == nil || (o.col == c && (o.row == ends[0] || o.row == ends[1] || o.row == ends[2] || o.row == ends[3]))
}

func computeTable3(rep *Report, t *Table, ts *terms, only *cellOnly) {
	tmpl := TemplateFor(t.Format)
	take := ts.take
	var buf [maxTable3Rows]*Row
	rows := firstRows(t, tmpl, buf[:0])
	plan := tmpl.table3
	total, leaves := plan.total, plan.leaves
	// The values by template row, each read when first needed.
	var vals [maxTable3Rows]rowValues
	for _, tr := range tmpl.Table3 {
		vals[tr.index].row = rows.get(tr)
	}
	// Each row's 总计 is the sum of its six applicant columns.
	for _, tr := range tmpl.Table3 {
		r := rows.get(tr)
		if tr.Role == RoleGroup || tr.Role == RoleTotal || !shapeOK(r) {
			continue
		}
		if !only.rowTotal(tr) {
			continue
		}
		v := &vals[tr.index]
		terms := take(applicantColumns)
		known := true
		for c := 0; c < applicantColumns; c++ {
			x, ok := v.at(c)
			terms = append(terms, x)
			known = known && ok
		}
		addTotal(rep, cellAt(r, applicantColumns), plan.rowTotalName[tr.index], "总计", terms, known, terms)
		if only != nil {
			only.totals = append(only.totals, cellAt(r, applicantColumns).Span)
		}
	}
	// （七）总计, each column the sum of the leaf rows; its 总计 column the sum of the
	// leaves' computed totals, never of their reported ones.
	tr := rows.get(total)
	if !shapeOK(tr) {
		return
	}
	for c := 0; c <= applicantColumns; c++ {
		if !only.columnTotal(c) {
			continue
		}
		if only != nil {
			only.totals = append(only.totals, cellAt(tr, c).Span)
		}
		// All the terms are only summed; the non-zero ones are kept.
		var buf [maxTable3Rows]int64
		terms := buf[:0]
		known := true
		for _, leaf := range leaves {
			v := &vals[leaf.index]
			if c < applicantColumns {
				x, ok := v.at(c)
				terms = append(terms, x)
				known = known && ok
				continue
			}
			var sum int64
			for a := 0; a < applicantColumns; a++ {
				x, ok := v.at(a)
				sum += x
				known = known && ok
			}
			terms = append(terms, sum)
		}
		addTotal(rep, cellAt(tr, c), totalColNames[c], totalColSubj[c], terms, known, nonZero(ts, terms))
	}
	// 勾稽关系 per column, on the values as reported.
	endRows := [4]*TemplateRow{tmpl.Table3[0], tmpl.Table3[1], total, tmpl.Table3[len(tmpl.Table3)-1]}
	ends := [4]*Row{rows.get(endRows[0]), rows.get(endRows[1]), tr, rows.get(endRows[3])}
	for c := 0; c <= applicantColumns; c++ {
		if !only.balance(c, endRows) {
			continue
		}
		if only != nil {
			only.balances = append(only.balances, cellAt(tr, c).Span)
		}
		b := balance{column: table3Columns[c]}
		ok := true
		for i, r := range ends {
			v, known := vals[endRows[i].index].at(c)
			if !known {
				ok = false
				break
			}
			b.values[i] = v
			b.cells[i] = cellAt(r, c).Token()
		}
		if ok {
			rep.balances = append(rep.balances, b)
		}
	}
}

// rowValues reads a Table 3 row's values, each at most once: the totals read most of
// them several times, and a number-cell update's few totals read few. Bit c of read
// is set once column c is read, of known when its value is known. A missing row, or
// one whose shape is wrong, has no known value.
type rowValues struct {
	row         *Row
	v           [applicantColumns + 1]int64
	read, known uint8
}

// at returns the row's value in column c and whether it is known.
func (v *rowValues) at(c int) (int64, bool) {
	bit := uint8(1) << c
	if v.read&bit == 0 {
		x, ok := valueAt(v.row, c)
		v.v[c], v.read = x, v.read|bit
		if ok {
			v.known |= bit
		}
	}
	return v.v[c], v.known&bit != 0
}

// table4Groups names the total of each of Table 4's groups: for hover, and as a
// message names it.
var table4Groups = [table4Totals][2]string{
	{"行政复议 · 总计", "行政复议总计"},
	{"未经复议直接起诉 · 总计", "未经复议直接起诉总计"},
	{"复议后起诉 · 总计", "复议后起诉总计"},
}

// table4Terms is how many parts each Table 4 total has.
const table4Terms = 4

func computeTable4(rep *Report, t *Table, ts *terms) {
	var data *Row
	for _, r := range t.Rows {
		if r.Template != nil && r.Template.Table == Table4 {
			data = r
			break
		}
	}
	if !shapeOK(data) {
		return
	}
	for g, names := range table4Groups {
		terms := ts.take(table4Terms)
		known := true
		for c := g * 5; c < g*5+table4Terms; c++ {
			v, ok := valueAt(data, c)
			known = known && ok
			terms = append(terms, v)
		}
		addTotal(rep, cellAt(data, g*5+table4Terms), names[0], names[1], terms, known, terms)
	}
}

// shortLabel drops the long parenthetical of （二）部分公开（…） for messages.
func shortLabel(label string) string {
	if i := strings.Index(label, "（区分"); i > 0 {
		return label[:i]
	}
	return label
}

// appendTerms writes terms as "6+0+0+0+0+1", or "0" when there are none.
func appendTerms(b []byte, terms []int64) []byte {
	if len(terms) == 0 {
		return append(b, '0')
	}
	for i, v := range terms {
		if i > 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, v, 10)
	}
	return b
}
