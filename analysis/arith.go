package analysis

import "strconv"

// The arithmetic of Tables 3 and 4. A blank cell counts as 0 (the formats require 0
// where there is nothing) and is counted, so that a message can say how many blanks
// it took for 0; a cell that is not a whole non-negative number is unknown, and a
// total with an unknown part is not checked. Totals are computed bottom-up from the
// leaf cells, so that rewriting every wrong total once to its computed value leaves
// no wrong total.

// TotalInfo describes a total cell and the arithmetic that determines it, for hover
// and for total-mismatch.
type TotalInfo struct {
	Span
	// Name says which total this is, e.g. "（七）总计 · 自然人" or "行政复议 · 总计".
	Name string
	// Terms are the parts shown in a message, in template order: all of them for a
	// row's 总计, the non-zero ones for a column of （七）总计.
	Terms    []int64
	Expected int64
	Reported int64
	// Known is false when a part is not a number, so Expected is meaningless.
	Known bool
	// ReportedOK is false when the total cell itself is not a number.
	ReportedOK bool
	blank      bool // the total cell is blank (beside the other flags: 8 bytes less)
	// Blanks is how many blank cells, the parts and the total itself, count as 0.
	Blanks int

	subject string // how a message names the total: "总计", "（七）总计（自然人列）"
	where   string // where the total is, for reviewers: "表三 （七）总计 · 自然人"
	insert  int    // where a number goes into the blank total cell
}

// balance is one column of Table 3's 勾稽关系: 一 + 二 = （七）总计 + 四.
type balance struct {
	column string
	cells  [4]Span // 一, 二, （七）, 四
	values [4]int64
	blanks int
	where  string
	// leaves is the sum of the column's outcome leaves (三's rows but the groups and
	// （七）总计), computed as （七）总计's expected value is; leavesOK is false when a
	// leaf is not a number. outcomes-exceed-applications compares it with 一 + 二.
	leaves   int64
	leavesOK bool
}

// cellValue reads a value cell: a whole non-negative number is known, a blank is a
// known 0.
func cellValue(c *Cell) (v int64, known, blank bool) {
	switch {
	case c.Kind == CellBlank:
		return 0, true, true
	case c.isNumber() && c.Scale == 0 && c.Value >= 0:
		return c.Value, true, false
	}
	return 0, false, false
}

// valueAt reads column c of a row; a missing row or one of the wrong shape is unknown.
func valueAt(r *Row, c int) (v int64, known, blank bool) {
	if !r.shapeOK() {
		return 0, false, false
	}
	return cellValue(r.value(c))
}

// blankInsert is where a number typed into a blank cell goes: after its first blank
// character, so that "| |" becomes "| 0|" and the separators stay as they were.
func blankInsert(text string, c Span) int {
	if c.End > c.Start {
		for _, r := range text[c.Start:c.End] {
			return c.Start + len(string(r))
		}
	}
	return c.Start
}

// rowIndex holds the first row of a table matched to each template row of its kind.
type rowIndex []*Row

// firstRows indexes the rows of t by their template row.
func firstRows(t *Table) rowIndex {
	x := make(rowIndex, len(TemplateFor(t.Format).rows(t.Kind)))
	for _, r := range t.Rows {
		if tr := r.Template; tr != nil && tr.Index < len(x) && x[tr.Index] == nil {
			x[tr.Index] = r
		}
	}
	return x
}

// of returns the row matched to tr, or nil.
func (x rowIndex) of(tr *TemplateRow) *Row {
	if tr == nil || tr.Index >= len(x) {
		return nil
	}
	return x[tr.Index]
}

// computeArithmetic sets rep's totals and balances from its tables.
func computeArithmetic(rep *Report) {
	rep.totals, rep.balances = arithmetic(rep.Text, rep.Tables)
}

// arithmetic gives the totals and balances of tables.
func arithmetic(text string, tables []*Table) (totals []TotalInfo, balances []balance) {
	n := 0
	for _, t := range tables {
		switch t.Kind {
		case Table3:
			rows, _ := table3Shape(TemplateFor(t.Format))
			n += rows + applicantColumns + 1
		case Table4:
			n += table4Groups
		}
	}
	if n > 0 {
		totals = make([]TotalInfo, 0, n)
	}
	for _, t := range tables {
		switch t.Kind {
		case Table3:
			totals, balances = appendTable3(totals, balances, text, t)
		case Table4:
			totals = appendTable4(totals, text, t)
		}
	}
	return totals, balances
}

// newTotal describes the total cell c whose parts are terms; known and blanks say
// what reading the parts found.
func newTotal(text string, c *Cell, name, subject, where string, terms []int64, known bool, blanks int) TotalInfo {
	ti := TotalInfo{Span: c.Token, Name: name, subject: subject, where: where, Known: known, Blanks: blanks}
	if known {
		for _, v := range terms {
			ti.Expected += v
		}
		ti.Terms = terms
	}
	v, ok, blank := cellValue(c)
	ti.Reported, ti.ReportedOK, ti.blank = v, ok, blank
	if blank {
		ti.Span, ti.insert = c.Span, blankInsert(text, c.Span)
		ti.Blanks++
	}
	return ti
}

// table3Shape counts the rows of a template's Table 3 that have a 总计 of their own
// (all but the groups and （七）总计), and the leaves among them.
func table3Shape(tmpl *Template) (totalRows, leafRows int) {
	for _, tr := range tmpl.Table3 {
		switch tr.Role {
		case RoleGroup, RoleTotal:
			continue
		case RoleLeaf:
			leafRows++
		}
		totalRows++
	}
	return totalRows, leafRows
}

// appendTable3 appends Table 3's totals and balances: each row's 总计, each column of
// （七）总计, and the 勾稽关系 of each column.
func appendTable3(totals []TotalInfo, balances []balance, text string, t *Table) ([]TotalInfo, []balance) {
	tmpl := TemplateFor(t.Format)
	rows := firstRows(t)
	// The terms of every total are cut from one array: each row's six, and at most
	// one per leaf and the sum for each column of （七）总计.
	totalRows, leafRows := table3Shape(tmpl)
	buf := make([]int64, 0, applicantColumns*totalRows+(applicantColumns+1)*(leafRows+1))
	cut := func(n int) []int64 {
		s := buf[len(buf) : len(buf)+n : len(buf)+n]
		buf = buf[:len(buf)+n]
		return s
	}
	// Each row's 总计 is the sum of its six applicant columns.
	for _, tr := range tmpl.Table3 {
		r := rows.of(tr)
		if tr.Role == RoleGroup || tr.Role == RoleTotal || !r.shapeOK() {
			continue
		}
		terms := cut(applicantColumns)
		known, blanks := true, 0
		for c := range applicantColumns {
			v, ok, blank := valueAt(r, c)
			terms[c], known = v, known && ok
			if blank {
				blanks++
			}
		}
		totals = append(totals, newTotal(text, r.value(applicantColumns), tr.totalName, "总计", tr.totalWhere, terms, known, blanks))
	}
	// （七）总计, each column the sum of the leaf rows; its 总计 column the sum of the
	// leaves' computed totals, never of their reported ones.
	var total *TemplateRow
	leaves := make([]*TemplateRow, 0, len(tmpl.Table3))
	for _, tr := range tmpl.Table3 {
		switch tr.Role {
		case RoleLeaf:
			leaves = append(leaves, tr)
		case RoleTotal:
			total = tr
		}
	}
	tr := rows.of(total)
	if !tr.shapeOK() {
		return totals, balances
	}
	// A leaf's computed total is the sum of its columns, added up as the columns
	// are read, so that each leaf cell is read once.
	leafTotals := make([]int64, len(leaves))
	leavesKnown, leafBlanks := true, 0
	var leafSums [applicantColumns + 1]int64
	var leafOK [applicantColumns + 1]bool
	for c := 0; c <= applicantColumns; c++ {
		shown := cut(len(leaves))[:0]
		var sum int64
		known, blanks := true, 0
		for i, leaf := range leaves {
			v := leafTotals[i]
			if c < applicantColumns {
				x, ok, blank := valueAt(rows.of(leaf), c)
				v, known = x, known && ok
				if blank {
					blanks++
				}
				leafTotals[i] += x
			}
			sum += v
			if v != 0 {
				shown = append(shown, v)
			}
		}
		if c < applicantColumns {
			leavesKnown, leafBlanks = leavesKnown && known, leafBlanks+blanks
		} else {
			known, blanks = leavesKnown, leafBlanks
		}
		leafSums[c], leafOK[c] = sum, known
		n := &columnTotalNames[c]
		one := cut(1)
		one[0] = sum
		ti := newTotal(text, tr.value(c), n.name, n.subject, n.where, one, known, blanks)
		ti.Terms = shown
		totals = append(totals, ti)
	}
	// 勾稽关系 per column, on the values as reported.
	if balances == nil {
		balances = make([]balance, 0, applicantColumns+1)
	}
	ends := [4]*Row{rows.of(tmpl.Table3[0]), rows.of(tmpl.Table3[1]), tr, rows.of(tmpl.Table3[len(tmpl.Table3)-1])}
	for c := 0; c <= applicantColumns; c++ {
		b := balance{column: table3Columns[c], where: columnTotalNames[c].balance, leaves: leafSums[c], leavesOK: leafOK[c]}
		ok := true
		for i, r := range ends {
			v, known, blank := valueAt(r, c)
			if !known {
				ok = false
				break
			}
			b.values[i], b.cells[i] = v, r.value(c).Token
			if blank {
				b.blanks++
				b.cells[i] = r.value(c).Span
			}
		}
		if ok {
			balances = append(balances, b)
		}
	}
	return totals, balances
}

// columnTotalNames name each column of （七）总计 and its 勾稽关系, made once.
var columnTotalNames = newColumnTotalNames()

func newColumnTotalNames() (names [applicantColumns + 1]struct{ name, subject, where, balance string }) {
	for c, col := range table3Columns {
		n := &names[c]
		n.name = "（七）总计 · " + col
		n.subject = "（七）总计（" + col + "列）"
		n.where = "表三 " + n.name
		n.balance = "表三 勾稽关系 · " + col
	}
	return names
}

// table4Names names the total of each of Table 4's groups: for hover, and as a
// message names it.
var table4Names = [table4Groups][2]string{
	{"行政复议 · 总计", "行政复议总计"},
	{"未经复议直接起诉 · 总计", "未经复议直接起诉总计"},
	{"复议后起诉 · 总计", "复议后起诉总计"},
}

// appendTable4 appends the total of each of Table 4's three groups.
func appendTable4(totals []TotalInfo, text string, t *Table) []TotalInfo {
	var data *Row
	for _, r := range t.Rows {
		if r.Template != nil && r.Template.Table == Table4 {
			data = r
			break
		}
	}
	if !data.shapeOK() {
		return totals
	}
	for g, names := range table4Names {
		terms := make([]int64, table4GroupCols-1)
		known, blanks := true, 0
		for i := range terms {
			v, ok, blank := valueAt(data, g*table4GroupCols+i)
			terms[i], known = v, known && ok
			if blank {
				blanks++
			}
		}
		totals = append(totals, newTotal(text, data.value(g*table4GroupCols+table4GroupCols-1), names[0], names[1], "表四 "+names[0], terms, known, blanks))
	}
	return totals
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

// blanksNote says how many blank cells a finding counted as 0, "" when none.
func blanksNote(n int) string {
	if n == 0 {
		return ""
	}
	return "；其中 " + strconv.Itoa(n) + " 个空单元格按 0 计"
}
