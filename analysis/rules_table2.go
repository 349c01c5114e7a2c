package analysis

import (
	"strconv"
	"strings"
)

// The body of table2-implausible: bounds between the numbers of Table 2's
// 第二十条第（一）项 rows, which have no arithmetic identity but cannot be just anything.

// The columns of 第二十条第（一）项 the bounds read, by their template wording.
const (
	colNewPublished = "本年新公开数量" // 2019
	colPublishedAll = "对外公开总数量" // 2019
	colMade         = "本年制发件数"  // 2021
	colRepealed     = "本年废止件数"  // 2021
	colInForce      = "现行有效件数"  // 2021
)

func runTable2Implausible(p *pass) {
	var agency *agencyName // read from the title once a 规章 row is not all 0
	for _, t := range p.numberTables() {
		if t.Kind != Table2 {
			continue
		}
		for _, r := range t.Rows {
			if !r.shapeOK() {
				continue
			}
			// Each bound applies where the row has its columns: the template row says
			// which format's layout the row follows, whatever the report's year.
			cols := r.Template.Columns
			if columnOf(cols, colPublishedAll) >= 0 {
				table2PublishedBound(p, r)
			}
			if columnOf(cols, colInForce) >= 0 {
				table2InForceBound(p, r)
			}
			if r.Template.Label == "规章" && nonZero(r) {
				if agency == nil {
					agency = readAgency(p.text, p.rep.Title)
				}
				if agency.countyLevel {
					table2RulesRow(p, r, agency)
				}
			}
		}
	}
}

// nonZero reports whether a row has a number other than 0.
func nonZero(r *Row) bool {
	for i := range r.Values {
		if c := &r.Values[i]; c.isNumber() && c.Value != 0 {
			return true
		}
	}
	return false
}

// columnOf returns the index of the column named name, or -1.
func columnOf(cols []string, name string) int {
	for i, c := range cols {
		if c == name {
			return i
		}
	}
	return -1
}

// countIn returns the number of the row's column named name, and whether it is a
// count: a number, whole and not negative. Blank, invalid or odd cells take no part.
func countIn(r *Row, name string) (*Cell, int64, bool) {
	i := columnOf(r.Template.Columns, name)
	if i < 0 {
		return nil, 0, false
	}
	c := r.value(i)
	if !c.isNumber() || c.Scale != 0 || c.Value < 0 {
		return nil, 0, false
	}
	return c, c.Value, true
}

// table2PublishedBound: C8 (a), 2019 format. 对外公开总数量 is cumulative and includes
// what was published this year, so it is at least 本年新公开数量.
func table2PublishedBound(p *pass, r *Row) {
	all, a, ok1 := countIn(r, colPublishedAll)
	pub, n, ok2 := countIn(r, colNewPublished)
	if !ok1 || !ok2 || a >= n {
		return
	}
	_, where := cellWhere(r.Template, columnOf(r.Template.Columns, colPublishedAll))
	p.report(Diagnostic{Span: all.Token, Where: where, Severity: SeverityWarning,
		Message: "表二「" + r.Template.Label + "」对外公开总数量 " + itoa(a) + " 小于本年新公开数量 " + itoa(n) +
			"：对外公开总数量是累计数，包含本年新公开的文件，请核对这两个数",
		Related: []Related{{Span: pub.Token, Message: colNewPublished + "：" + itoa(n)}}})
}

// table2InForceBound: C8 (b), 2021 format. A document made this year is still in force
// at 12-31 unless repealed, so 现行有效 ≥ 本年制发 − 本年废止 (the repealed may be
// older ones, which only makes the bound looser).
func table2InForceBound(p *pass, r *Row) {
	force, f, ok1 := countIn(r, colInForce)
	made, m, ok2 := countIn(r, colMade)
	rep, x, ok3 := countIn(r, colRepealed)
	if !ok1 || !ok2 || !ok3 || f >= m-x {
		return
	}
	_, where := cellWhere(r.Template, columnOf(r.Template.Columns, colInForce))
	p.report(Diagnostic{Span: force.Token, Where: where, Severity: SeverityInfo,
		Message: "表二「" + r.Template.Label + "」现行有效件数 " + itoa(f) + " 小于本年制发件数 " + itoa(m) +
			" 减本年废止件数 " + itoa(x) + " 之差 " + itoa(m-x) + "：本年制发的文件除已废止的外年底仍现行有效，请核对这三个数",
		Related: []Related{
			{Span: made.Token, Message: colMade + "：" + itoa(m)},
			{Span: rep.Token, Message: colRepealed + "：" + itoa(x)},
		}})
}

// table2RulesRow: C8 (c). Only State Council departments and provincial, 设区的市 and
// 自治州 governments make 规章 (《立法法》, 2015 text 第八十二条); a county-level or
// lower agency reports 0 in every column of the 规章 row.
func table2RulesRow(p *pass, r *Row, agency *agencyName) {
	var first *Cell
	var firstCol int
	var related []Related
	var written strings.Builder
	for i := range r.Values {
		c := &r.Values[i]
		if !c.isNumber() || c.Value == 0 {
			continue // a blank or invalid cell is another rule's finding
		}
		name := r.Template.Columns[i]
		value := p.text[c.Token.Start:c.Token.End]
		if written.Len() > 0 {
			written.WriteString("、")
		}
		written.WriteString(name + "为 " + value)
		if first == nil {
			first, firstCol = c, i
			continue
		}
		related = append(related, Related{Span: c.Token, Message: name + "：" + value})
	}
	if first == nil {
		return
	}
	related = append(related, Related{Span: agency.Span, Message: "机关名称：" + agency.name})
	_, where := cellWhere(r.Template, firstCol)
	p.report(Diagnostic{Span: first.Token, Where: where, Severity: SeverityWarning,
		Message: "县级及以下机关（" + agency.name + "）无规章制定权，规章行应为 0，表中" + written.String() +
			"；请核对是否计入了上级机关的规章",
		Related: related})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// countyLevel reports whether an agency's name (folded) is that of a 县/区 government,
// one of its departments, or a 乡/镇/街道: the name ends in 镇, 乡 or 街道(办事处)
// (with or without 人民政府), contains 县, or ends in 区人民政府 or 区…局. A 区 that is
// not a district (自治区, 新区, 开发区, 实验区 and other zones, 社区) leaves the level
// unknown, as does a 县级市's name, which looks like any other 市's: no finding then.
func countyLevel(name string) bool {
	for _, gov := range []string{"人民政府", "政府"} {
		if strings.HasSuffix(name, gov) {
			name = strings.TrimSuffix(name, gov)
			if strings.HasSuffix(name, "区") && districtAt(name, len(name)-len("区")) {
				return true
			}
			break
		}
	}
	for _, suffix := range []string{"镇", "乡", "街道", "街道办事处", "街道办"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	if strings.Contains(name, "县") {
		return true
	}
	// 区…局: a department of a district government.
	i := strings.LastIndex(name, "区")
	return i >= 0 && strings.HasSuffix(name, "局") && len(name) > i+len("区局") && districtAt(name, i)
}

// districtAt reports whether the 区 at byte i of name ends a district's name, not a
// zone's (开发区, 自治区 …), a prefecture's (地区) or a word's (社区).
func districtAt(name string, i int) bool {
	if i == 0 {
		return false
	}
	before := name[:i]
	// 地区 is a prefecture; the rest are zones or words, some a district's name too
	// (城区, 矿区): those stay unknown.
	for _, zone := range []string{"自治", "新", "实验", "试验", "开发", "示范", "保税", "合作", "自贸", "园", "景",
		"片", "社", "城", "辖", "市", "地", "山", "林", "牧", "矿", "库", "特", "港", "街", "老", "功能", "旅游", "度假"} {
		if strings.HasSuffix(before, zone) {
			return false
		}
	}
	return true
}
