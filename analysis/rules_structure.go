package analysis

import (
	"strconv"
	"strings"
)

// The bodies of the rules that read the report's structure: sections, headings,
// labels, rows. Each reads the Report and records findings; none reads the text again.

var numerals = []string{"一", "二", "三", "四", "五", "六"}

func sectionName(k SectionKind) string { return "「" + SectionHeadings[k-1] + "」" }

// sectionWhere names a section for Diagnostic.Where.
func sectionWhere(k SectionKind) string { return "第" + numerals[k-1] + "部分" }

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
		p.report(Diagnostic{Span: at, Where: sectionWhere(k), Message: "缺少第" + numerals[k-1] + "部分" + sectionName(k) + where})
	}
}

func runDuplicateSection(p *pass) {
	var first [7]*Section // by SectionKind, 1 to 6
	for _, s := range p.rep.Sections {
		if f := first[s.Kind]; f != nil {
			p.report(Diagnostic{Span: s.Heading, Where: sectionWhere(s.Kind),
				Message: "第" + numerals[s.Kind-1] + "部分重复出现（报告是否粘贴了两遍？），请删除重复内容",
				Related: []Related{{Span: f.Heading, Message: "第一次出现"}}})
			continue
		}
		first[s.Kind] = s
	}
}

func mostDuplicateSection(rep *Report) int {
	var seen [7]bool // by SectionKind, 1 to 6
	n := 0
	for _, s := range rep.Sections {
		if seen[s.Kind] {
			n++
		}
		seen[s.Kind] = true
	}
	return n
}

func runSectionOrder(p *pass) {
	// First occurrences only; duplicates are duplicate-section's. The headings kept in
	// order are the longest increasing run; every other one is out of place.
	var firsts []*Section
	var seen [7]bool
	for _, s := range p.rep.Sections {
		if !seen[s.Kind] {
			seen[s.Kind] = true
			firsts = append(firsts, s)
		}
	}
	n := len(firsts)
	length, prev := make([]int, n), make([]int, n)
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
	inOrder := make([]bool, n)
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
		p.report(Diagnostic{Span: s.Heading, Where: sectionWhere(s.Kind), Message: msg})
	}
}

func runNonstandardHeading(p *pass) {
	for _, s := range p.rep.Sections {
		if s.Standard {
			continue
		}
		want := SectionHeadings[s.Kind-1]
		p.report(Diagnostic{Span: s.Heading, Where: sectionWhere(s.Kind),
			Message: "部分标题应为" + sectionName(s.Kind),
			Fixes:   []Fix{{Title: "改为「" + want + "」", Edits: []Edit{{Span: s.Heading, NewText: want}}}}})
	}
}

func mostNonstandardHeading(rep *Report) int {
	n := 0
	for _, s := range rep.Sections {
		if !s.Standard {
			n++
		}
	}
	return n
}

func runNonstandardLabel(p *pass) {
	for _, l := range p.rep.labels {
		if l.standard || l.heading {
			continue
		}
		where := "表" + l.table.Numeral()
		seen := oneLine(p.rep.Text[l.token.Start:l.token.End])
		if l.want == "" {
			p.report(Diagnostic{Span: l.token, Where: where,
				Message: "「" + seen + "」不是" + tableName(l.table) + "的模板用语，请改用格式规定的行或删除"})
			continue
		}
		fix := Fix{Title: "改为「" + l.want + "」", Edits: []Edit{{Span: l.token, NewText: l.want}}}
		d := Diagnostic{Span: l.token, Where: where + " " + shortLabel(l.want), Message: "「" + seen + "」应为「" + l.want + "」"}
		if !l.split {
			// A label in pieces among other cells (a PDF's wrapped label) has no one
			// token to replace.
			d.Fixes = []Fix{fix}
		}
		p.report(d)
	}
}

func mostNonstandardLabel(rep *Report) int {
	n := 0
	for _, l := range rep.labels {
		if !l.standard && !l.heading {
			n++
		}
	}
	return n
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
		p.report(Diagnostic{Span: t.evidence, Where: "表" + t.Kind.Numeral(),
			Message: tableName(t.Kind) + "是 " + t.Format.String() + " 年版格式，" + why + "（「" + oneLine(p.rep.Text[t.evidence.Start:t.evidence.End]) + "」）"})
	}
}

func mostTemplateVersion(rep *Report) int {
	if rep.Format == FormatUnknown {
		return 0
	}
	n := 0
	for _, t := range rep.Tables {
		if t.decided && t.Format != rep.Format {
			n++
		}
	}
	return n
}

func runTableUnreadable(p *pass) {
	for _, u := range p.rep.unread {
		var msg string
		switch {
		case u.missing:
			msg = "第" + numerals[u.kind-1] + "部分没有读到" + tableName(u.kind) + "：表格可能是图片，或排版无法识别"
		case u.asText:
			msg = tableName(u.kind) + "的行名有 " + strconv.Itoa(u.labels) + " 个出现在正文中，但没有读出表格"
		default:
			msg = tableName(u.kind) + "：找到 " + strconv.Itoa(u.want) + " 个行名中的 " + strconv.Itoa(u.labels) + " 个，其后没有数值"
		}
		p.report(Diagnostic{Span: u.at, Where: "表" + u.kind.Numeral(),
			Message: msg + "。此表未做任何核对；可识别的排版：" + layoutNames + "。请把表格粘贴为文字后再检查"})
	}
}

func mostTableUnreadable(rep *Report) int { return len(rep.unread) }

func runMissingRow(p *pass) {
	for _, t := range p.rep.Tables {
		rows, missing := missingRows(t)
		if missing == 0 {
			continue
		}
		var want []*TemplateRow
		for _, tr := range TemplateFor(t.Format).rows(t.Kind) {
			if tr.Role != RoleGroup {
				want = append(want, tr)
			}
		}
		for i, tr := range want {
			if rows.of(tr) != nil {
				continue
			}
			name := "「" + tr.Label + "」行"
			if tr.Label == "" {
				name = "数据行"
			}
			at, where := Span{t.Start, t.Start}, ""
			for _, next := range want[i+1:] {
				if r := rows.of(next); r != nil {
					at, where = rowAnchor(r), "，应在本行之前"
					break
				}
			}
			if where == "" {
				for _, before := range want[:i] {
					if r := rows.of(before); r != nil {
						at, where = rowAnchor(r), "，应在本行之后"
					}
				}
			}
			p.report(Diagnostic{Span: at, Where: "表" + t.Kind.Numeral() + " " + shortLabel(tr.Label),
				Message: tableName(t.Kind) + "缺少" + name + where})
		}
	}
}

// missingRows gives the rows t has of its template's, and how many of the rows it
// should have (all but the group rows) it lacks: 0 when it has too few of them to be
// held to the template row by row.
func missingRows(t *Table) (rows rowIndex, missing int) {
	rows = firstRows(t)
	want, matched := 0, 0
	for _, tr := range TemplateFor(t.Format).rows(t.Kind) {
		if tr.Role == RoleGroup {
			continue
		}
		want++
		if rows.of(tr) != nil {
			matched++
		}
	}
	if 3*matched < want {
		// A few stray rows (a table quoted in prose, half a paste) are not a table
		// to hold to the template row by row.
		return rows, 0
	}
	return rows, want - matched
}

func mostMissingRow(rep *Report) int {
	n := 0
	for _, t := range rep.Tables {
		_, missing := missingRows(t)
		n += missing
	}
	return n
}

// rowAnchor is where a finding about a whole row points: its label, else its cells.
func rowAnchor(r *Row) Span {
	if r.Label >= 0 {
		return r.Cells[r.Label].Token
	}
	if len(r.Values) > 0 {
		return Span{r.value(0).Token.Start, r.value(len(r.Values) - 1).Token.End}
	}
	return r.Span
}

func runRowShape(p *pass) {
	for _, t := range p.rep.Tables {
		for _, r := range t.Rows {
			tr := r.Template
			if tr == nil || tr.Role == RoleGroup || len(r.Values) == len(tr.Columns) {
				continue
			}
			if len(r.Values) == 0 && unreadTableOf(p.rep, t) {
				continue // table-unreadable says it for the whole table
			}
			var b strings.Builder
			if r.Label >= 0 {
				b.WriteString("「" + shortLabel(tr.Label) + "」行")
			} else {
				b.WriteString("数据行")
			}
			want := len(tr.Columns)
			switch {
			case len(r.Values) == 0:
				b.WriteString("没有数值，模板有 " + strconv.Itoa(want) + " 列（" + strings.Join(shortColumns(tr.Columns), "、") + "）；该行不参与核对")
			case len(r.Values) < want:
				b.WriteString("有 " + strconv.Itoa(len(r.Values)) + " 个数值，模板有 " + strconv.Itoa(want) + " 列（" +
					strings.Join(shortColumns(tr.Columns), "、") + "），无法确定 " + valuesText(p.rep.Text, r.Values) + " 各属哪一列；该行不参与核对")
			default:
				b.WriteString("有 " + strconv.Itoa(len(r.Values)) + " 个数值，模板只有 " + strconv.Itoa(want) + " 列；多出的 " +
					valuesText(p.rep.Text, r.Values[want:]) + " 无法放入任何列，该行不参与核对")
			}
			at := rowAnchor(r)
			if len(r.Values) > 0 {
				at = Span{r.value(0).Token.Start, r.value(len(r.Values) - 1).Token.End}
				if at.Start == at.End {
					at = Span{r.value(0).Start, r.value(len(r.Values) - 1).End}
				}
			}
			p.report(Diagnostic{Span: at, Where: "表" + t.Kind.Numeral() + " " + shortLabel(tr.Label), Message: b.String()})
		}
	}
}

func mostRowShape(rep *Report) int {
	n := 0
	for _, t := range rep.Tables {
		for _, r := range t.Rows {
			if tr := r.Template; tr != nil && tr.Role != RoleGroup && len(r.Values) != len(tr.Columns) {
				n++
			}
		}
	}
	return n
}

// unreadTableOf reports whether t is a table table-unreadable reports.
func unreadTableOf(rep *Report, t *Table) bool {
	for _, u := range rep.unread {
		if !u.asText && !u.missing && u.kind == t.Kind && t.Rows[0].Span == u.at {
			return true
		}
	}
	return false
}

// valuesText lists the cells of values on one line each, joined by "、", "空" for a
// blank one.
func valuesText(text string, values []Cell) string {
	parts := make([]string, len(values))
	for i := range values {
		c := &values[i]
		parts[i] = oneLine(text[c.Token.Start:c.Token.End])
		if parts[i] == "" {
			parts[i] = "空"
		}
	}
	return strings.Join(parts, "、")
}

func shortColumns(cols []string) []string {
	if len(cols) > 7 {
		return []string{cols[0], "…", cols[len(cols)-1]}
	}
	return cols
}
