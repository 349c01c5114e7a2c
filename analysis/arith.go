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
	table3Plans   = map[*Template]*table3Plan{}
	totalColNames [applicantColumns + 1]string
	totalColSubj  [applicantColumns + 1]string
)

func init() {
	for _, t := range []*Template{template2019, template2021} {
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
		table3Plans[t] = p
	}
	for c, col := range table3Columns {
		totalColNames[c] = "（七）总计 · " + col
		totalColSubj[c] = "（七）总计（" + col + "列）"
	}
}

// table4Totals is how many totals Table 4 has: one per group.
const table4Totals = 3

// computeArithmetic sets rep's totals and balances from its tables.
func computeArithmetic(rep *Report) { computeArithmeticIn(rep, nil) }

// scratch holds the arrays of arithmetic that is computed only to be checked and then
// dropped: a number-cell keystroke's (see Result.cellEdited). Reusing them saves a
// keystroke most of its allocation.
type scratch struct {
	totals   []TotalInfo
	balances []balance
	terms    []int64
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// release clears sc, so that it holds on to nothing, and returns it to the pool.
func (sc *scratch) release() {
	clear(sc.totals[:cap(sc.totals)])
	clear(sc.balances[:cap(sc.balances)])
	scratchPool.Put(sc)
}

// computeArithmeticIn is computeArithmetic with its arrays taken from sc when it is
// not nil; rep's totals and balances are then only valid until sc is released.
func computeArithmeticIn(rep *Report, sc *scratch) {
	n, n3, nTerms := 0, 0, 0
	for _, t := range rep.Tables {
		switch t.Kind {
		case Table3:
			p := table3Plans[TemplateFor(t.Format)]
			n += p.rowTotals + applicantColumns + 1
			n3++
			// Six terms per row total; each column of （七）总计 its leaves, and again
			// the non-zero ones its message lists.
			nTerms += applicantColumns*p.rowTotals + 2*(applicantColumns+1)*len(p.leaves)
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
			computeTable3(rep, t, ts)
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
	if cell.Token().Start == cell.Token().End {
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

func computeTable3(rep *Report, t *Table, ts *terms) {
	tmpl := TemplateFor(t.Format)
	take := ts.take
	var buf [48]*Row
	rows := firstRows(t, tmpl, buf[:0])
	plan := table3Plans[tmpl]
	total, leaves := plan.total, plan.leaves
	// Each row's 总计 is the sum of its six applicant columns.
	for _, tr := range tmpl.Table3 {
		r := rows.get(tr)
		if tr.Role == RoleGroup || tr.Role == RoleTotal || !shapeOK(r) {
			continue
		}
		terms := take(applicantColumns)
		known := true
		for c := 0; c < applicantColumns; c++ {
			v, ok := valueAt(r, c)
			known = known && ok
			terms = append(terms, v)
		}
		addTotal(rep, cellAt(r, applicantColumns), plan.rowTotalName[tr.index], "总计", terms, known, terms)
	}
	// （七）总计, each column the sum of the leaf rows; its 总计 column the sum of the
	// leaves' computed totals, never of their reported ones.
	tr := rows.get(total)
	if !shapeOK(tr) {
		return
	}
	for c := 0; c <= applicantColumns; c++ {
		terms := take(len(leaves))
		known := true
		for _, leaf := range leaves {
			r := rows.get(leaf)
			var v int64
			if c < applicantColumns {
				x, ok := valueAt(r, c)
				known = known && ok
				v = x
			} else {
				for a := 0; a < applicantColumns; a++ {
					x, ok := valueAt(r, a)
					known = known && ok
					v += x
				}
			}
			terms = append(terms, v)
		}
		addTotal(rep, cellAt(tr, c), totalColNames[c], totalColSubj[c], terms, known, nonZero(ts, terms))
	}
	// 勾稽关系 per column, on the values as reported.
	ends := [4]*Row{rows.get(tmpl.Table3[0]), rows.get(tmpl.Table3[1]), tr, rows.get(tmpl.Table3[len(tmpl.Table3)-1])}
	for c := 0; c <= applicantColumns; c++ {
		b := balance{column: table3Columns[c]}
		ok := true
		for i, r := range ends {
			v, known := valueAt(r, c)
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

// formatTerms writes terms as "6+0+0+0+0+1".
func formatTerms(terms []int64) string {
	if len(terms) == 0 {
		return "0"
	}
	var b strings.Builder
	for i, v := range terms {
		if i > 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.FormatInt(v, 10))
	}
	return b.String()
}
