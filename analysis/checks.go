package analysis

import (
	"strconv"
	"unicode/utf8"
)

// The rules' bodies. Each reads the Report and records findings; none re-reads text.

func sectionName(k SectionKind) string { return "「" + SectionHeadings[k-1] + "」" }

func runMissingSection(p *pass) {
	secs := p.rep.Sections
	var present [7]bool // by SectionKind, 1 to 6
	for _, s := range secs {
		present[s.Kind] = true
	}
	for k := SectionKind(1); k <= 6; k++ {
		if present[k] {
			continue
		}
		// Anchor on the heading the section should stand before, else the last one
		// before it, else the title: a missing section has no text of its own.
		var at Span
		where := ""
		for _, s := range secs {
			if s.Kind > k {
				at, where = s.Heading, "，应在本部分之前"
				break
			}
		}
		if where == "" {
			for _, s := range secs {
				if s.Kind < k {
					at, where = s.Heading, "，应在本部分之后"
				}
			}
		}
		if where == "" {
			at = p.rep.Title
			if at == (Span{}) && len(p.rep.Tables) > 0 {
				at = Span{p.rep.Tables[0].Start, p.rep.Tables[0].Start}
			}
		}
		p.report(Diagnostic{Span: at, Message: "缺少第" + numerals[k-1] + "部分" + sectionName(k) + where})
	}
}

var numerals = []string{"一", "二", "三", "四", "五", "六"}

func runDuplicateSection(p *pass) {
	var first [7]*Section // by SectionKind, 1 to 6
	for _, s := range p.rep.Sections {
		if f := first[s.Kind]; f != nil {
			p.report(Diagnostic{Span: s.Heading, Message: "第" + numerals[s.Kind-1] + "部分重复出现（报告是否粘贴了两遍？），请删除重复内容",
				Related: []Related{{Span: f.Heading, Message: "第一次出现"}}})
			continue
		}
		first[s.Kind] = s
	}
}

func runSectionOrder(p *pass) {
	// First occurrences only; duplicates are duplicate-section's. The headings kept in
	// order are the longest increasing run; every other one is out of place.
	// At most one first occurrence per kind: arrays of six on the stack do.
	var firstsBuf [6]*Section
	firsts := firstsBuf[:0]
	var seen [7]bool // by SectionKind, 1 to 6
	for _, s := range p.rep.Sections {
		if !seen[s.Kind] {
			seen[s.Kind] = true
			firsts = append(firsts, s)
		}
	}
	n := len(firsts)
	var lengthBuf, prevBuf [6]int
	length, prev := lengthBuf[:n], prevBuf[:n]
	best := -1
	for i := range firsts {
		length[i], prev[i] = 1, -1
		for j := 0; j < i; j++ {
			if firsts[j].Kind < firsts[i].Kind && length[j]+1 > length[i] {
				length[i], prev[i] = length[j]+1, j
			}
		}
		if best < 0 || length[i] > length[best] {
			best = i
		}
	}
	var inOrderBuf [6]bool
	inOrder := inOrderBuf[:n]
	for i := best; i >= 0; i = prev[i] {
		inOrder[i] = true
	}
	for i, s := range firsts {
		if inOrder[i] {
			continue
		}
		msg := "第" + numerals[s.Kind-1] + "部分位置不对，应按一至六的顺序排列"
		for j := 0; j < n; j++ {
			if inOrder[j] && firsts[j].Kind > s.Kind {
				msg = "第" + numerals[s.Kind-1] + "部分应移到" + sectionName(firsts[j].Kind) + "之前"
				break
			}
		}
		p.report(Diagnostic{Span: s.Heading, Message: msg})
	}
}

func runNonstandardHeading(p *pass) {
	for _, s := range p.rep.Sections {
		if s.Standard {
			continue
		}
		want := SectionHeadings[s.Kind-1]
		p.report(Diagnostic{Span: s.Heading,
			Message: "部分标题应为" + sectionName(s.Kind),
			Fixes:   []Fix{{Title: "改为「" + want + "」", Edits: []Edit{{Span: s.Heading, NewText: want}}}}})
	}
}

func runNonstandardLabel(p *pass) {
	issues := p.rep.labelIssues
	withFix := 0
	for _, li := range issues {
		if li.want != "" {
			withFix++
		}
	}
	p.reserve(len(issues))
	// The fixes share one array, as blank-cell's do.
	fixes := make([]oneFix, withFix)
	for _, li := range issues {
		if li.want == "" {
			p.report(Diagnostic{Span: li.token, Message: "「" + oneLine(li.seen) + "」不是" + tableName(li.table) + "的模板用语，请改用格式规定的行或删除"})
			continue
		}
		fx := &fixes[0]
		fixes = fixes[1:]
		p.report(Diagnostic{Span: li.token,
			Message: "「" + oneLine(li.seen) + "」应为「" + li.want + "」",
			Fixes:   fx.set("改为「"+li.want+"」", Edit{Span: li.token, NewText: li.want})})
	}
}

func tableName(k TableKind) string {
	return "表" + []string{"", "", "二", "三", "四"}[k] + "（" + k.Name() + "）"
}

// oneLine shows a cell that spans lines on one line: its blank runes removed. Most
// cells have none and are returned as they are.
func oneLine(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if isBlankByte(c) {
				return string(appendOneLine(make([]byte, 0, len(s)), s))
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isBlankRune(r) {
			return string(appendOneLine(make([]byte, 0, len(s)), s))
		}
		i += size
	}
	return s
}

// appendOneLine appends s without its blank runes; bytes that are not UTF-8 stay.
func appendOneLine(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		size := 1
		if c := s[i]; c < utf8.RuneSelf {
			if !isBlankByte(c) {
				dst = append(dst, c)
			}
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if !isBlankRune(r) {
				dst = append(dst, s[i:i+size]...)
			}
		}
		i += size
	}
	return dst
}

func runTemplateVersion(p *pass) {
	want := p.rep.Format
	if want == FormatUnknown {
		return
	}
	for _, t := range p.rep.Tables {
		if !t.decided || t.Format == want {
			continue
		}
		why := "2021 年度起应使用 2021 年版表格"
		if want == Format2019 {
			why = "2019、2020 年度报告应使用 2019 年版表格"
		}
		if p.opts.Template != FormatUnknown {
			why = "按所选的 " + want.String() + " 年版格式检查"
		}
		p.report(Diagnostic{Span: t.evidence,
			Message: tableName(t.Kind) + "是 " + t.Format.String() + " 年版格式，" + why + "（「" + oneLine(p.rep.Text[t.evidence.Start:t.evidence.End]) + "」）"})
	}
}

func runMissingRow(p *pass) {
	var buf [32]*Row
	for _, t := range p.rep.Tables {
		tmpl := TemplateFor(t.Format)
		want := tmpl.wantRows[t.Kind]
		byRow := firstRows(t, tmpl, buf[:0])
		if 3*byRow.matched < len(want) {
			// A few stray rows (a table quoted in prose, half a paste) are not a table
			// to hold to the template row by row.
			continue
		}
		for i, tr := range want {
			if byRow.get(tr) != nil {
				continue
			}
			name := "「" + tr.Label + "」行"
			if tr.Label == "" {
				name = "数据行"
			}
			at, where := Span{t.Start, t.Start}, ""
			for _, next := range want[i+1:] {
				if r := byRow.get(next); r != nil {
					at, where = rowAnchor(r), "，应在本行之前"
					break
				}
			}
			if where == "" {
				for _, before := range want[:i] {
					if r := byRow.get(before); r != nil {
						at, where = rowAnchor(r), "，应在本行之后"
					}
				}
			}
			p.report(Diagnostic{Span: at, Message: tableName(t.Kind) + "缺少" + name + where})
		}
	}
}

// templateRows gives the first row of a table matched to each template row, as
// rowsByTemplate does. Rows are found by their template row's index in an array
// instead of a map built per table; a row matched to a template row of another table
// or format, which the reader never makes, falls back to the map.
type templateRows struct {
	rows    []*TemplateRow // the template's rows of the table, by index
	byIndex []*Row
	m       map[*TemplateRow]*Row
	matched int // template rows that have a row
}

// firstRows returns the templateRows of t, using buf for the array when it is large
// enough. It returns a value, not filling a pointer, so that buf can stay on the
// caller's stack.
func firstRows(t *Table, tmpl *Template, buf []*Row) templateRows {
	x := templateRows{rows: tmpl.tableRows[t.Kind], byIndex: buf[:0]}
	if cap(x.byIndex) < len(x.rows) {
		x.byIndex = make([]*Row, 0, len(x.rows))
	}
	x.byIndex = x.byIndex[:len(x.rows)]
	clear(x.byIndex)
	for _, r := range t.Rows {
		tr := r.Template
		if tr == nil {
			continue
		}
		if tr.index >= len(x.rows) || x.rows[tr.index] != tr {
			x.m = rowsByTemplate(t)
			x.matched = len(x.m)
			return x
		}
		if x.byIndex[tr.index] == nil {
			x.byIndex[tr.index] = r
			x.matched++
		}
	}
	return x
}

func (x *templateRows) get(tr *TemplateRow) *Row {
	if x.m != nil {
		return x.m[tr]
	}
	if tr.index < len(x.rows) && x.rows[tr.index] == tr {
		return x.byIndex[tr.index]
	}
	return nil
}

// rowAnchor is where a finding about a whole row points: its label, else its cells.
func rowAnchor(r *Row) Span {
	if r.Label >= 0 {
		return r.Cells[r.Label].Token()
	}
	if len(r.Values) > 0 {
		return Span{r.Cells[r.Values[0]].Token().Start, r.Cells[r.Values[len(r.Values)-1]].Token().End}
	}
	return r.Span
}

func runRowShape(p *pass) {
	var b []byte
	for _, t := range p.rep.Tables {
		for _, r := range t.Rows {
			tr := r.Template
			if tr == nil || tr.Role == RoleGroup || len(r.Values) == len(tr.Columns) {
				continue
			}
			// The message is written into one buffer: a table pasted one column short
			// has a finding on every row.
			b = b[:0]
			if r.Label >= 0 {
				b = append(b, "「"...)
				b = append(b, shortLabel(tr.Label)...)
				b = append(b, "」行"...)
			} else {
				b = append(b, "数据行"...)
			}
			want := len(tr.Columns)
			b = append(b, "有 "...)
			b = strconv.AppendInt(b, int64(len(r.Values)), 10)
			if len(r.Values) < want {
				b = append(b, " 个数值，模板有 "...)
				b = strconv.AppendInt(b, int64(want), 10)
				b = append(b, " 列（"...)
				for i, col := range shortColumns(tr.Columns) {
					if i > 0 {
						b = append(b, "、"...)
					}
					b = append(b, col...)
				}
				b = append(b, "），无法确定 "...)
				b = appendValues(b, p.rep.Text, r, r.Values)
				b = append(b, " 各属哪一列；该行不参与核对"...)
			} else {
				b = append(b, " 个数值，模板只有 "...)
				b = strconv.AppendInt(b, int64(want), 10)
				b = append(b, " 列；多出的 "...)
				b = appendValues(b, p.rep.Text, r, r.Values[want:])
				b = append(b, " 无法放入任何列，该行不参与核对"...)
			}
			at := rowAnchor(r)
			if len(r.Values) > 0 {
				at = Span{r.Cells[r.Values[0]].Token().Start, r.Cells[r.Values[len(r.Values)-1]].Token().End}
				if at.Start == at.End {
					at = Span{r.Cells[r.Values[0]].Start, r.Cells[r.Values[len(r.Values)-1]].End}
				}
			}
			p.report(Diagnostic{Span: at, Message: string(b)})
		}
	}
}

// appendValues lists the cells of values on one line each, joined by "、", "空" for a
// blank one.
func appendValues(b []byte, text string, r *Row, values []int) []byte {
	for i, ci := range values {
		if i > 0 {
			b = append(b, "、"...)
		}
		c := &r.Cells[ci]
		n := len(b)
		b = appendOneLine(b, text[c.Token().Start:c.Token().End])
		if len(b) == n {
			b = append(b, "空"...)
		}
	}
	return b
}

func shortColumns(cols []string) []string {
	if len(cols) > 7 {
		return []string{cols[0], "…", cols[len(cols)-1]}
	}
	return cols
}

// valueCells calls f for every value cell of the rows whose shape is right, with the
// cell's column in the template; only p.only when that is set.
func valueCells(p *pass, f func(t *Table, r *Row, col int, c *Cell)) {
	if v := p.only; v != nil {
		f(v.t, v.r, v.col, v.c)
		return
	}
	for _, t := range p.rep.Tables {
		for _, r := range t.Rows {
			if !shapeOK(r) {
				continue
			}
			for i, ci := range r.Values {
				f(t, r, i, &r.Cells[ci])
			}
		}
	}
}

// cellName names a cell for a message and appends what follows, in one allocation.
func cellName(r *Row, col int, rest string) string {
	return templateCellName(r.Template, col, rest)
}

func templateCellName(tr *TemplateRow, col int, rest string) string {
	if tr.Label == "" {
		return "「" + tr.Columns[col] + "」" + rest
	}
	return "「" + shortLabel(tr.Label) + "」行「" + tr.Columns[col] + "」列" + rest
}

const blankCellRest = "为空，没有的请填 0"

// A blank table has hundreds of blank cells, and its message depends only on the
// template row and column: each is built once here instead of once per finding. The
// templates are read-only after init, so concurrent checks share them safely.
func init() {
	for _, t := range []*Template{template2019, template2021} {
		rows := append([]*TemplateRow{t.Table4}, t.Table3...)
		for _, b := range t.Table2 {
			rows = append(rows, b.Rows...)
		}
		for _, tr := range rows {
			tr.blankMsgs = make([]string, len(tr.Columns))
			for c := range tr.Columns {
				tr.blankMsgs[c] = templateCellName(tr, c, blankCellRest)
			}
		}
	}
}

// reserve makes room for n more findings, so that a rule that knows how many it may
// report grows the slice once instead of doubling it several times.
func (p *pass) reserve(n int) {
	d := p.out
	if cap(d)-len(d) >= n {
		return
	}
	nd := make([]Diagnostic, len(d), len(d)+n)
	copy(nd, d)
	p.out = nd
}

// reserveValueFindings makes room for the findings of blank-cell, invalid-number,
// total-mismatch and balance-mismatch, the rules that may report hundreds, counted
// from the cells and totals they look at, and returns how many value cells are blank.
// It only sizes the slice: an estimate that is off costs a growth, never a finding.
func reserveValueFindings(p *pass) (blanks int) {
	n := 0
	valueCells(p, func(t *Table, r *Row, col int, c *Cell) {
		switch {
		case c.Kind == CellBlank:
			blanks++
		case c.Kind != CellNumber || (t.Kind != Table2 && (c.Value < 0 || c.Scale > 0)):
			n++
		}
	})
	for _, t := range p.rep.totals {
		if t.Known && t.ReportedOK && t.Expected != t.Reported {
			n++
		}
	}
	n += len(p.rep.balances)
	p.reserve(blanks + n)
	return blanks
}

// oneFix is a finding's one fix and its one edit, allocated together: blank-cell,
// nonstandard-label and total-mismatch report hundreds of such findings between them,
// and share an array of these per rule where they can count them first.
type oneFix struct {
	fix  [1]Fix
	edit [1]Edit
}

// set fills fx with a fix of one edit and returns the fix as a finding's Fixes.
func (fx *oneFix) set(title string, e Edit) []Fix {
	fx.edit[0] = e
	fx.fix[0] = Fix{Title: title, Edits: fx.edit[:]}
	return fx.fix[:]
}

func runBlankCell(p *pass) {
	blanks := reserveValueFindings(p)
	// The fixes of all findings share one array: a blank table has hundreds of them.
	fixes := make([]oneFix, blanks)
	valueCells(p, func(t *Table, r *Row, col int, c *Cell) {
		if c.Kind != CellBlank {
			return
		}
		// Insert after the first blank character so "| |" becomes "| 0|" and the
		// separators stay as they were.
		at := c.Start
		if c.End > c.Start {
			_, size := decodeRune(p.rep.Text, c.Start)
			at += size
		}
		fx := &fixes[0]
		fixes = fixes[1:]
		msg := ""
		if ms := r.Template.blankMsgs; col < len(ms) {
			msg = ms[col]
		} else {
			msg = cellName(r, col, blankCellRest)
		}
		p.report(Diagnostic{Span: c.Span, Message: msg, Fixes: fx.set("填入 0", Edit{Span: Span{at, at}, NewText: "0"})})
	})
}

func runInvalidNumber(p *pass) {
	if p.opts.Disabled["blank-cell"] {
		reserveValueFindings(p) // blank-cell, which runs first, did not
	}
	valueCells(p, func(t *Table, r *Row, col int, c *Cell) {
		tok := p.rep.Text[c.Token().Start:c.Token().End]
		counts := t.Kind != Table2
		switch {
		case c.Kind == CellText:
			p.report(Diagnostic{Span: c.Token(), Message: cellName(r, col, "填的是「"+oneLine(tok)+"」，不是数字；没有的请填 0")})
		case c.Kind == CellNumberUnit:
			p.report(Diagnostic{Span: c.Token(), Severity: SeverityInfo, Message: cellName(r, col, "带有单位「"+c.Unit(p.rep.Text)+"」，单元格中只需填数字")})
		case counts && c.Value < 0:
			p.report(Diagnostic{Span: c.Token(), Message: cellName(r, col, "是件数，不能为负数（"+tok+"）")})
		case counts && c.Scale > 0:
			p.report(Diagnostic{Span: c.Token(), Message: cellName(r, col, "是件数，应为整数（"+tok+"）")})
		}
	})
}

// runTotalMismatch reserves nothing of its own: reserveValueFindings, which blank-cell
// or invalid-number ran first, counted its findings, and a number-cell update sizes
// the slice itself (cellEdited).
func runTotalMismatch(p *pass) {
	for i := range p.rep.totals {
		t := &p.rep.totals[i]
		if !t.Known || !t.ReportedOK || t.Expected == t.Reported {
			continue
		}
		// The message, the fix's title and its new text share one string: a number
		// cell's keystroke checks its table's totals again.
		var arr [256]byte
		buf := append(arr[:0], t.subject...)
		buf = append(buf, "应为 "...)
		buf = strconv.AppendInt(buf, t.Expected, 10)
		buf = append(buf, "（"...)
		buf = appendTerms(buf, t.Terms)
		buf = append(buf, "），报告为 "...)
		buf = strconv.AppendInt(buf, t.Reported, 10)
		msgEnd := len(buf)
		buf = append(buf, "将总计改为 "...)
		wantStart := len(buf)
		buf = strconv.AppendInt(buf, t.Expected, 10)
		all := string(buf)
		fx := &oneFix{}
		p.report(Diagnostic{Span: t.Span, Message: all[:msgEnd], Fixes: fx.set(all[msgEnd:], Edit{Span: t.Span, NewText: all[wantStart:]})})
	}
}

// appendSum writes "x + y = x+y".
func appendSum(buf []byte, x, y int64) []byte {
	buf = strconv.AppendInt(buf, x, 10)
	buf = append(buf, " + "...)
	buf = strconv.AppendInt(buf, y, 10)
	buf = append(buf, " = "...)
	return strconv.AppendInt(buf, x+y, 10)
}

func runBalanceMismatch(p *pass) {
	names := [4]string{"一、本年新收", "二、上年结转", "（七）总计", "四、结转下年度"}
	for _, b := range p.rep.balances {
		left, right := b.values[0]+b.values[1], b.values[2]+b.values[3]
		if left == right {
			continue
		}
		// The message and the four related notes share one buffer; the notes are
		// cut from it.
		buf := make([]byte, 0, 256)
		buf = append(buf, "勾稽关系不成立（"...)
		buf = append(buf, b.column...)
		buf = append(buf, "列）：一 + 二 = "...)
		buf = appendSum(buf, b.values[0], b.values[1])
		buf = append(buf, "，（七）总计 + 四 = "...)
		buf = appendSum(buf, b.values[2], b.values[3])
		buf = append(buf, "，两边应相等"...)
		var ends [len(names) + 1]int
		ends[0] = len(buf)
		for i := range names {
			buf = append(buf, names[i]...)
			buf = append(buf, "："...)
			buf = strconv.AppendInt(buf, b.values[i], 10)
			ends[i+1] = len(buf)
		}
		all := string(buf)
		d := Diagnostic{Span: b.cells[2], Message: all[:ends[0]], Related: make([]Related, len(names))}
		for i := range names {
			d.Related[i] = Related{Span: b.cells[i], Message: all[ends[i]:ends[i+1]]}
		}
		p.report(d)
	}
}
