package analysis

import "sync"

// The official formats, verbatim from 国办公开办函〔2019〕60号 and 〔2021〕30号.
// Everything the engine knows of the formats is here; the tables are built by plain
// functions when the package is initialised, in the order their dependencies give.

// Format is one of the two official report formats. It is a byte, as TableKind is,
// so that a label's record (one for each label cell of a report: two hundred thousand
// in a file at the size limit) takes 40 bytes, not 56.
type Format uint8

// The formats. FormatUnknown also stands for "auto" in Options.
const (
	FormatUnknown Format = iota
	Format2019
	Format2021
)

// String gives "2019", "2021", or "" when unknown.
func (f Format) String() string {
	switch f {
	case Format2019:
		return "2019"
	case Format2021:
		return "2021"
	}
	return ""
}

// FormatForYear gives the format a report of that year must use: 2019 up to 2020,
// 2021 from 2021 on.
func FormatForYear(year int) Format {
	switch {
	case year <= 0:
		return FormatUnknown
	case year <= 2020:
		return Format2019
	}
	return Format2021
}

// TableKind numbers the tables as the official format does.
type TableKind uint8

// The three tables of a report.
const (
	// Table2: 主动公开政府信息情况.
	Table2 TableKind = 2
	// Table3: 收到和处理政府信息公开申请情况.
	Table3 TableKind = 3
	// Table4: 政府信息公开行政复议、行政诉讼情况.
	Table4 TableKind = 4
)

// Name is the table's title in the format.
func (k TableKind) Name() string {
	switch k {
	case Table2:
		return "主动公开政府信息情况"
	case Table3:
		return "收到和处理政府信息公开申请情况"
	case Table4:
		return "政府信息公开行政复议、行政诉讼情况"
	}
	return ""
}

// Numeral is the table's number as messages write it: 二, 三 or 四.
func (k TableKind) Numeral() string {
	switch k {
	case Table2:
		return "二"
	case Table3:
		return "三"
	case Table4:
		return "四"
	}
	return "?"
}

// SectionKind numbers the six sections 1 to 6.
type SectionKind int

// SectionHeadings are the six standard section headings, in order.
var SectionHeadings = [6]string{
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
}

// sectionLongNames are the longer names the notices' explanatory text uses, accepted as
// standard headings of the same section, with their own numbering or with the
// section's numeral (「五、政府信息公开工作存在的主要问题及改进情况」).
var sectionLongNames = map[SectionKind]string{
	4: "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
	5: "政府信息公开工作存在的主要问题及改进情况",
}

// RowRole says what a template row is for.
type RowRole int

// Row roles.
const (
	// RoleData is a row of numbers that is neither a leaf under 三 nor a total.
	RoleData RowRole = iota + 1
	// RoleGroup is a label only (三、本年度办理结果, （三）不予公开 …): no numbers.
	RoleGroup
	// RoleLeaf is a Table 3 row under 三 whose numbers （七）总计 adds up.
	RoleLeaf
	// RoleTotal is Table 3's （七）总计.
	RoleTotal
)

// TemplateRow is one row of a template table.
type TemplateRow struct {
	Table TableKind
	// Label is the template wording of the row's label; empty for Table 4's data row.
	Label string
	Role  RowRole
	// Columns names the row's value columns, in order.
	Columns []string
	// Item is the 第二十条 item a Table 2 row belongs to.
	Item *Item
	// Group is the group label a Table 3 row sits under, or nil.
	Group *TemplateRow
	// Index is the row's position among its table's template rows.
	Index int

	// totalName and totalWhere name the row's 总计 for hover and for reviewers;
	// cellName and cellWhere each of its value cells, for messages and for
	// reviewers: made once here rather than for every finding (a blank table has
	// hundreds).
	totalName, totalWhere          string
	cellName, cellWhere, cellBlank []string
	named                          sync.Once
}

// nameCells sets cellName and cellWhere of a row with value columns.
func (r *TemplateRow) nameCells() {
	r.cellName, r.cellWhere, r.cellBlank = nil, nil, nil
	for _, col := range r.Columns {
		if r.Label == "" {
			r.cellName = append(r.cellName, "「"+col+"」")
			r.cellWhere = append(r.cellWhere, "表"+r.Table.Numeral()+" "+col)
			continue
		}
		l := shortLabel(r.Label)
		r.cellName = append(r.cellName, "「"+l+"」行「"+col+"」列")
		r.cellWhere = append(r.cellWhere, "表"+r.Table.Numeral()+" "+l+" · "+col)
	}
	for _, n := range r.cellName {
		r.cellBlank = append(r.cellBlank, n+"为空，没有的请填 0")
	}
}

// Item is one 第二十条 item of Table 2: its title row, its header row, its data rows.
type Item struct {
	Title  string
	Header []string
	Rows   []*TemplateRow
}

// Template is one format's tables.
type Template struct {
	Format Format
	// Table2 holds the 第二十条 blocks in order.
	Table2 []*Item
	// Table3Header and Table4Header are the header rows, non-empty cells only.
	Table3Header [][]string
	Table3       []*TemplateRow
	Table4Header [][]string
	Table4       *TemplateRow

	// table2Rows and table4Rows are what rows gives for Tables 2 and 4.
	table2Rows, table4Rows []*TemplateRow
}

// Table 3's columns, and how many of them are applicants (the 7th is 总计).
var table3Columns = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

const applicantColumns = 6

var table4Columns = []string{
	"行政复议 · 结果维持", "行政复议 · 结果纠正", "行政复议 · 其他结果", "行政复议 · 尚未审结", "行政复议 · 总计",
	"未经复议直接起诉 · 结果维持", "未经复议直接起诉 · 结果纠正", "未经复议直接起诉 · 其他结果", "未经复议直接起诉 · 尚未审结", "未经复议直接起诉 · 总计",
	"复议后起诉 · 结果维持", "复议后起诉 · 结果纠正", "复议后起诉 · 其他结果", "复议后起诉 · 尚未审结", "复议后起诉 · 总计",
}

// Table 4 has three groups of five columns: four results and their 总计.
const (
	table4Groups    = 3
	table4GroupCols = 5
)

// table3Note is the note in the merged top-left header cell of Table 3.
const table3Note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

var table3HeaderRows = [][]string{
	{table3Note, "申请人情况"},
	{"自然人", "法人或其他组织", "总计"},
	{"商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"},
}

var table4HeaderRows = [][]string{
	{"行政复议", "行政诉讼"},
	{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"},
	{"结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"},
}

var (
	template2019 = newTemplate(Format2019, []*Item{
		{Title: "第二十条第（一）项", Header: []string{"信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"}, Rows: row2("规章", "规范性文件")},
		{Title: "第二十条第（五）项", Header: []string{"信息内容", "上一年项目数量", "本年增/减", "处理决定数量"}, Rows: row2("行政许可", "其他对外管理服务事项")},
		{Title: "第二十条第（六）项", Header: []string{"信息内容", "上一年项目数量", "本年增/减", "处理决定数量"}, Rows: row2("行政处罚", "行政强制")},
		{Title: "第二十条第（八）项", Header: []string{"信息内容", "上一年项目数量", "本年增/减"}, Rows: row2("行政事业性收费")},
		{Title: "第二十条第（九）项", Header: []string{"信息内容", "采购项目数量", "采购总金额"}, Rows: row2("政府集中采购")},
	})
	template2021 = newTemplate(Format2021, []*Item{
		{Title: "第二十条第（一）项", Header: []string{"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"}, Rows: row2("规章", "行政规范性文件")},
		{Title: "第二十条第（五）项", Header: []string{"信息内容", "本年处理决定数量"}, Rows: row2("行政许可")},
		{Title: "第二十条第（六）项", Header: []string{"信息内容", "本年处理决定数量"}, Rows: row2("行政处罚", "行政强制")},
		{Title: "第二十条第（八）项", Header: []string{"信息内容", "本年收费金额（单位：万元）"}, Rows: row2("行政事业性收费")},
	})
)

func row2(labels ...string) []*TemplateRow {
	rows := make([]*TemplateRow, len(labels))
	for i, l := range labels {
		rows[i] = &TemplateRow{Label: l}
	}
	return rows
}

func newTemplate(f Format, table2 []*Item) *Template {
	var rows2 []*TemplateRow
	for _, b := range table2 {
		for _, r := range b.Rows {
			r.Table, r.Role, r.Item, r.Columns, r.Index = Table2, RoleData, b, b.Header[1:], len(rows2)
			rows2 = append(rows2, r)
		}
	}
	t4 := &TemplateRow{Table: Table4, Role: RoleData, Columns: table4Columns}
	return &Template{
		Format:       f,
		Table2:       table2,
		Table3Header: table3HeaderRows,
		Table3:       newTable3(f == Format2021),
		Table4Header: table4HeaderRows,
		Table4:       t4,
		table2Rows:   rows2,
		table4Rows:   []*TemplateRow{t4},
	}
}

// newTable3 builds Table 3's rows; the 2021 format splits （六）其他处理 into three.
// The rows share one array, and each row's totalName is the end of its totalWhere:
// made at every start of the command, 60 rows and their names had been 180
// allocations.
func newTable3(with2021Other bool) []*TemplateRow {
	type spec struct {
		label string
		role  RowRole
		group int // the index of the row's group, -1 for none
	}
	specs := make([]spec, 0, 32)
	add := func(label string, role RowRole, group int) int {
		specs = append(specs, spec{label, role, group})
		return len(specs) - 1
	}
	add("一、本年新收政府信息公开申请数量", RoleData, -1)
	add("二、上年结转政府信息公开申请数量", RoleData, -1)
	top := add("三、本年度办理结果", RoleGroup, -1)
	add("（一）予以公开", RoleLeaf, top)
	add("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", RoleLeaf, top)
	sub := func(title string, leaves ...string) {
		g := add(title, RoleGroup, top)
		for _, l := range leaves {
			add(l, RoleLeaf, g)
		}
	}
	sub("（三）不予公开", "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
		"4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项")
	sub("（四）无法提供", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确")
	sub("（五）不予处理", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
		"5.要求行政机关确认或重新出具已获取信息")
	if with2021Other {
		sub("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
			"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他")
	} else {
		add("（六）其他处理", RoleLeaf, top)
	}
	add("（七）总计", RoleTotal, top)
	add("四、结转下年度继续办理", RoleData, -1)

	all := make([]TemplateRow, len(specs))
	rows := make([]*TemplateRow, len(specs))
	for i, sp := range specs {
		r := &all[i]
		r.Table, r.Label, r.Role, r.Index = Table3, sp.label, sp.role, i
		if sp.group >= 0 {
			r.Group = &all[sp.group]
		}
		const where = "表三 "
		r.totalWhere = where + shortLabel(sp.label) + " · 总计"
		r.totalName = r.totalWhere[len(where):]
		if sp.role != RoleGroup {
			r.Columns = table3Columns
		}
		rows[i] = r
	}
	return rows
}

// TemplateFor returns the template of a format; FormatUnknown gets the 2021 one.
func TemplateFor(f Format) *Template {
	if f == Format2019 {
		return template2019
	}
	return template2021
}

// rows lists every template row of a table kind, in order. The slice is the
// template's own: callers do not change it.
func (t *Template) rows(kind TableKind) []*TemplateRow {
	switch kind {
	case Table2:
		return t.table2Rows
	case Table3:
		return t.Table3
	case Table4:
		return t.table4Rows
	}
	return nil
}

// RowLabels lists the template wording of every row label of a table, in order: the
// 第二十条 titles and row labels of Table 2, the row and group labels of Table 3.
func (t *Template) RowLabels(kind TableKind) []string {
	var out []string
	switch kind {
	case Table2:
		for _, b := range t.Table2 {
			out = append(out, b.Title)
			for _, r := range b.Rows {
				out = append(out, r.Label)
			}
		}
	case Table3:
		for _, r := range t.Table3 {
			out = append(out, r.Label)
		}
	}
	return out
}

// shortLabel drops the long parenthetical of （二）部分公开（…） for messages.
func shortLabel(label string) string {
	const note = "（区分"
	for i := 0; i+len(note) <= len(label); i++ {
		if label[i:i+len(note)] == note && i > 0 {
			return label[:i]
		}
	}
	return label
}
