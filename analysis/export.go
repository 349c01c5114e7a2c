package analysis

import "fmt"

// What a report says in numbers, for reviewers who load many reports into a
// spreadsheet (nianbao check --format csv, nianbao extract).

// Agency returns the name of the agency the title names, before the year
// (「XX县人民政府」), folded to simplified characters without blanks; "" when the
// title names none.
func (r *Report) Agency() string {
	if r == nil || !r.IsReport {
		return ""
	}
	return readAgency(r.Text, r.Title).name
}

// TableCell is one value cell of a report's tables, named as the template names it.
type TableCell struct {
	// Table is the table's number as the format writes it: 二, 三 or 四.
	Table string
	// Row is the row's template label (「（七）总计」), after its group's for a
	// numbered row of Table 3, whose labels repeat across groups (「（四）无法提供 ·
	// 1.本机关不掌握相关政府信息」); "" for Table 4's data row.
	Row string
	// Column is the column's template name, Table 4's with its group
	// (「行政复议 · 结果维持」).
	Column string
	// Value is the cell as written, without surrounding blanks: a number, "" for
	// a blank cell, or whatever else it holds (「/」).
	Value string
	Span
}

// Cells returns the value cells of the report's tables, table by table and row by
// row in text order. Rows whose values do not fill the template's columns (see
// row-shape) are left out: which value is in which column is not known.
func (r *Report) Cells() []TableCell {
	var out []TableCell
	for _, t := range r.Tables {
		for _, row := range t.Rows {
			if !row.shapeOK() {
				continue
			}
			for i := range row.Values {
				c := &row.Values[i]
				label := row.Template.Label
				if g := row.Template.Group; g != nil && t.Kind == Table3 && label != "" && label[0] >= '1' && label[0] <= '9' {
					label = shortLabel(g.Label) + " · " + label
				}
				out = append(out, TableCell{Table: t.Kind.Numeral(), Row: label,
					Column: row.Template.Columns[i], Value: c.text(r.Text), Span: c.Span})
			}
		}
	}
	return out
}

// Omitted says, a line each, what Cells leaves out of a report: the tables whose
// values could not be read (see table-unreadable) and, per table, the rows whose
// values do not fill the template's columns (see row-shape), so that a sheet of
// numbers that lacks them says so.
func (r *Report) Omitted() []string {
	var out []string
	for _, u := range r.unread {
		out = append(out, tableName(u.kind)+"的数值读不出，未导出")
	}
	for _, t := range r.Tables {
		n, first := 0, ""
		for _, row := range t.Rows {
			if tr := row.Template; tr != nil && tr.Role != RoleGroup && !row.shapeOK() {
				if n++; n == 1 {
					first = tr.Label
				}
			}
		}
		if n > 0 {
			out = append(out, fmt.Sprintf("%s有 %d 行的数值个数与列数不符，未导出（第一行是「%s」；nianbao check 的 row-shape 逐行列出）",
				tableName(t.Kind), n, first))
		}
	}
	return out
}
