package analysis

import "strconv"

// Table 3's outcomes against its applications: the rule outcomes-exceed-applications,
// and which fixes of total-mismatch are withheld because applying them would move an
// error instead of removing it.

// exceeds reports whether b's outcome leaves add up to more than the applications
// on hand (一 + 二): at least one application is counted under two outcomes.
func (b *balance) exceeds() bool {
	return b.leavesOK && b.leaves > b.values[0]+b.values[1]
}

func runOutcomesExceed(p *pass) {
	for i := range p.rep.balances {
		b := &p.rep.balances[i]
		if !b.exceeds() {
			continue
		}
		apps := b.values[0] + b.values[1]
		msg := b.column + "列办理结果各项之和 " + strconv.FormatInt(b.leaves, 10) + " 大于本年新收与上年结转之和 " +
			strconv.FormatInt(apps, 10) + "（" + strconv.FormatInt(b.values[0], 10) + "+" + strconv.FormatInt(b.values[1], 10) +
			"）：同一申请可能被计入多种办理结果（区分处理的，只计“部分公开”）；请核对明细行，而不是改总计"
		d := Diagnostic{Span: b.cells[2], Where: b.where, Message: msg}
		d.Related = append(d.Related,
			Related{Span: b.cells[0], Message: "一、本年新收：" + strconv.FormatInt(b.values[0], 10)},
			Related{Span: b.cells[1], Message: "二、上年结转：" + strconv.FormatInt(b.values[1], 10)})
		d.Related = p.appendLeafCells(d.Related, b)
		p.report(d)
	}
}

// appendLeafCells appends the non-zero outcome leaves of b's column, the cells a
// reader must check, found in the table that holds b.
func (p *pass) appendLeafCells(rel []Related, b *balance) []Related {
	at := b.cells[2]
	for _, t := range p.rep.Tables {
		if t.Kind != Table3 || at.Start < t.Start || at.End > t.End {
			continue
		}
		rows := firstRows(t)
		col := -1
		for c, name := range table3Columns {
			if name == b.column {
				col = c
			}
		}
		for _, tr := range TemplateFor(t.Format).Table3 {
			r := rows.of(tr)
			if tr.Role != RoleLeaf || !r.shapeOK() || col < 0 {
				continue
			}
			c := r.value(col)
			if v, ok, _ := cellValue(c); ok && v != 0 {
				name, _ := cellWhere(tr, col)
				rel = append(rel, Related{Span: c.Token, Message: name + "：" + strconv.FormatInt(v, 10)})
			}
		}
		break
	}
	return rel
}

func mostOutcomesExceed(rep *Report) int {
	n := 0
	for i := range rep.balances {
		if rep.balances[i].exceeds() {
			n++
		}
	}
	return n
}

// heldFix is a wrong total whose fix total-mismatch withholds, and why, as the end of
// its message.
type heldFix struct {
	at  Span
	why string
}

// heldFixes finds the fixes of wrong totals that would trade one error for another:
//   - （七）总计 of a column whose outcome leaves exceed 一 + 二: the leaves are the
//     likely culprit, and rewriting the total to their sum breaks 勾稽关系;
//   - any total of a balance that holds now and would not once the fixes of all its
//     wrong totals are applied, as `check --fix` and fix-all apply them together.
//
// Every total cell takes part in at most one balance (its column's), so withholding
// the fixes of one balance changes no other.
func heldFixes(p *pass) []heldFix {
	// The wrong totals by their cell: looked up four times per balance, and a
	// document of many reports has thousands of each (a search through the totals
	// for each made heldFixes a third of checking a 1 MB document).
	wrongAt := map[Span]*TotalInfo{}
	for i := range p.rep.totals {
		if t := &p.rep.totals[i]; t.Known && t.ReportedOK && t.Expected != t.Reported {
			wrongAt[t.Span] = t
		}
	}
	if len(wrongAt) == 0 {
		return nil
	}
	var held []heldFix
	for i := range p.rep.balances {
		b := &p.rep.balances[i]
		// The wrong totals among the balance's four cells, as fix-all would set them.
		var wrong [4]*TotalInfo
		after := b.values
		exceeds := b.exceeds()
		for k, at := range b.cells {
			t := wrongAt[at]
			if t == nil {
				continue
			}
			if k == 2 && exceeds {
				held = append(held, heldFix{at: at, why: "；但明细行之和已大于一、二之和 " +
					strconv.FormatInt(b.values[0]+b.values[1], 10) + "，错的多半是明细行：请核对明细行，不要改总计"})
				continue
			}
			wrong[k], after[k] = t, t.Expected
		}
		before := b.values[0]+b.values[1] == b.values[2]+b.values[3]
		if !before || after[0]+after[1] == after[2]+after[3] {
			continue
		}
		for _, t := range wrong {
			if t != nil {
				held = append(held, heldFix{at: t.Span, why: "；但改为 " + strconv.FormatInt(t.Expected, 10) +
					" 会使现在成立的勾稽关系（" + b.column + "列）不再成立，故不提供修正：请核对明细行及一、二、四行"})
			}
		}
	}
	return held
}
