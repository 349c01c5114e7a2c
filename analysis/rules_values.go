package analysis

import (
	"strconv"
)

// The bodies of the rules that read numbers: each value cell on its own, and the
// arithmetic of Tables 3 and 4.

// cellWhere names a value cell for a message and for Diagnostic.Where.
// A row's cells are named the first time a finding needs one of them: naming every
// cell of both templates was 5 % of a one-file check's process (perf, pingtan-2020).
func cellWhere(tr *TemplateRow, col int) (name, where string) {
	tr.named.Do(tr.nameCells)
	return tr.cellName[col], tr.cellWhere[col]
}

// oneFix is a finding's one fix and its one edit, made together.
type oneFix struct {
	fix  [1]Fix
	edit [1]Edit
}

// blankCell is a blank value cell as the blank-cell rule records it: what its finding
// is made of, and no pointer into the report, so that the report can go before the
// findings are made (see CheckFindings).
type blankCell struct {
	cell Span
	row  *TemplateRow
	col  int
}

// runBlankCell records the blank cells; their findings are made together by
// reportBlanks, at once or, for CheckFindings, once the report is gone. A table
// left blank has a hundred of them, each with its fix: the fixes are made in one
// array.
func runBlankCell(p *pass) {
	p.valueCells(func(t *Table, r *Row, col int, c *Cell) {
		if c.Kind == CellBlank {
			p.blanks = append(p.blanks, blankCell{cell: c.Span, row: r.Template, col: col})
		}
	})
	p.blankRule = p.rule
	if !p.lean {
		p.reportBlanks()
	}
}

// reportBlanks makes the findings of the blank cells recorded.
func (p *pass) reportBlanks() {
	if len(p.blanks) == 0 {
		return
	}
	fixes := make([]oneFix, len(p.blanks))
	rule := p.rule
	p.rule = p.blankRule
	for i, b := range p.blanks {
		p.report(b.finding(p.text, &fixes[i]))
	}
	p.rule, p.blanks = rule, nil
}

// finding is the blank cell's finding in text, its fix made in f.
func (b *blankCell) finding(text string, f *oneFix) Diagnostic {
	_, where := cellWhere(b.row, b.col)
	at := blankInsert(text, b.cell)
	zero := "0"
	if b.cell.Start == b.cell.End {
		// A cell with no room of its own (a PDF's blank at the end of a line, right
		// after the number before it): keep the 0 apart from its neighbours.
		if at > 0 && blankBefore(text, at) == 0 {
			zero = " " + zero
		}
		if at < len(text) && blankAt(text, at) == 0 {
			zero += " "
		}
	}
	f.edit[0] = Edit{Span: Span{at, at}, NewText: zero}
	f.fix[0] = Fix{Title: "填入 0", Edits: f.edit[:]}
	return Diagnostic{Span: b.cell, Where: where, Message: b.row.cellBlank[b.col], Fixes: f.fix[:]}
}

func mostBlankCell(rep *Report) int {
	n := 0
	for _, t := range rep.Tables {
		for _, r := range t.Rows {
			if !r.shapeOK() {
				continue
			}
			for i := range r.Values {
				if r.Values[i].Kind == CellBlank {
					n++
				}
			}
		}
	}
	return n
}

func runInvalidNumber(p *pass) {
	p.valueCells(func(t *Table, r *Row, col int, c *Cell) {
		// Table 2 may hold negative numbers (本年增/减) and amounts with decimals.
		counts := t.Kind != Table2
		var what string
		sev := Severity(0)
		switch {
		case c.Kind == CellText:
			what = "填的是「" + oneLine(c.text(p.rep.Text)) + "」，不是数字；没有的请填 0"
		case c.Kind == CellNumberUnit:
			what, sev = "带有单位「"+c.Unit(p.rep.Text)+"」，单元格中只需填数字", SeverityInfo
		case counts && c.Value < 0:
			what = "是件数，不能为负数（" + p.rep.Text[c.Token.Start:c.Token.End] + "）"
		case counts && c.Scale > 0:
			what = "是件数，应为整数（" + p.rep.Text[c.Token.Start:c.Token.End] + "）"
		default:
			return
		}
		name, where := cellWhere(r.Template, col)
		p.report(Diagnostic{Span: c.Token, Where: where, Severity: sev, Message: name + what})
	})
}

func mostInvalidNumber(rep *Report) int {
	n := 0
	for _, t := range rep.Tables {
		counts := t.Kind != Table2
		for _, r := range t.Rows {
			if !r.shapeOK() {
				continue
			}
			for i := range r.Values {
				c := &r.Values[i]
				if c.Kind == CellText || c.Kind == CellNumberUnit || counts && (c.Value < 0 || c.Scale > 0) {
					n++
				}
			}
		}
	}
	return n
}

func runTotalMismatch(p *pass) {
	var held []heldFix
	looked := false
	for i := range p.rep.totals {
		t := &p.rep.totals[i]
		if !t.Known || !t.ReportedOK || t.Expected == t.Reported {
			continue
		}
		if !looked {
			held, looked = heldFixes(p), true
		}
		want := strconv.FormatInt(t.Expected, 10)
		reported := strconv.FormatInt(t.Reported, 10)
		edit := Edit{Span: t.Span, NewText: want}
		if t.blank {
			reported = "空"
			edit = Edit{Span: Span{t.insert, t.insert}, NewText: want}
		}
		msg := t.subject + "应为 " + want + "（" + string(appendTerms(nil, t.Terms)) + "），报告为 " + reported + blanksNote(t.Blanks)
		d := Diagnostic{Span: t.Span, Where: t.where, Message: msg}
		withheld := false
		for _, h := range held {
			if h.at == t.Span {
				d.Message += h.why
				withheld = true
				break
			}
		}
		if !withheld {
			d.Fixes = []Fix{{Title: "将总计改为 " + want, Edits: []Edit{edit}}}
		}
		p.report(d)
	}
}

func mostTotalMismatch(rep *Report) int {
	n := 0
	for i := range rep.totals {
		if t := &rep.totals[i]; t.Known && t.ReportedOK && t.Expected != t.Reported {
			n++
		}
	}
	return n
}

func runBalanceMismatch(p *pass) {
	names := [4]string{"一、本年新收", "二、上年结转", "（七）总计", "四、结转下年度"}
	for _, b := range p.rep.balances {
		left, right := b.values[0]+b.values[1], b.values[2]+b.values[3]
		if left == right {
			continue
		}
		msg := "勾稽关系不成立（" + b.column + "列）：一 + 二 = " + sum(b.values[0], b.values[1]) +
			"，（七）总计 + 四 = " + sum(b.values[2], b.values[3]) + "，两边应相等" + blanksNote(b.blanks)
		d := Diagnostic{Span: b.cells[2], Where: b.where, Message: msg, Related: make([]Related, len(names))}
		for i, n := range names {
			d.Related[i] = Related{Span: b.cells[i], Message: n + "：" + strconv.FormatInt(b.values[i], 10)}
		}
		p.report(d)
	}
}

func mostBalanceMismatch(rep *Report) int {
	n := 0
	for i := range rep.balances {
		if b := &rep.balances[i]; b.values[0]+b.values[1] != b.values[2]+b.values[3] {
			n++
		}
	}
	return n
}

// sum writes "x + y = x+y".
func sum(x, y int64) string {
	return strconv.FormatInt(x, 10) + " + " + strconv.FormatInt(y, 10) + " = " + strconv.FormatInt(x+y, 10)
}
