package analysis

// The official formats, verbatim from 国办公开办函〔2019〕60号 and 〔2021〕30号 (see
// shared/spec/formats.md). Everything the reader and rules know of the formats is here.

// SectionHeadings are the six standard section headings, in order.
var SectionHeadings = [6]string{
	"一、总体情况",
	"二、主动公开政府信息情况",
	"三、收到和处理政府信息公开申请情况",
	"四、政府信息公开行政复议、行政诉讼情况",
	"五、存在的主要问题及改进情况",
	"六、其他需要报告的事项",
}

// sectionLongNames are the longer names the notices' explanatory text uses, accepted
// as standard headings of the same section.
var sectionLongNames = map[string]SectionKind{
	"（四）因政府信息公开工作被申请行政复议、提起行政诉讼情况": 4,
	"（五）政府信息公开工作存在的主要问题及改进情况":      5,
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
	// Block is the 第二十条 item a Table 2 row belongs to.
	Block *Block
	// Group is the group label a Table 3 row sits under, or nil.
	Group *TemplateRow
	// index is the row's position among its table's template rows (tableRows).
	index int
	// blankMsgs holds the blank-cell message of each column, built once at init.
	blankMsgs []string
}

// Block is one 第二十条 item of Table 2: its title row, its header row, its data rows.
type Block struct {
	Title  string
	Header []string
	Rows   []*TemplateRow

	// headerKeys holds each header word normalised, alone, as headerRow looks for it.
	headerKeys [][]string
}

// Template is one format's tables.
type Template struct {
	Format Format
	// Table2 holds the 第二十条 blocks in order.
	Table2 []*Block
	// Table3Header and Table4Header are the header rows, non-empty cells only.
	Table3Header [][]string
	Table3       []*TemplateRow
	Table4Header [][]string
	Table4       *TemplateRow

	// tableRows lists every template row of a table by index, and wantRows the rows
	// missing-row expects, both built once at init.
	tableRows [Table4 + 1][]*TemplateRow
	wantRows  [Table4 + 1][]*TemplateRow
	// table3 is what the arithmetic of Table 3 needs from it, also built at init.
	table3 *table3Plan
}

func init() {
	for _, t := range []*Template{template2019, template2021} {
		for _, b := range t.Table2 {
			t.tableRows[Table2] = append(t.tableRows[Table2], b.Rows...)
			for _, h := range b.Header {
				b.headerKeys = append(b.headerKeys, []string{normLabel(h)})
			}
		}
		t.wantRows[Table2] = t.tableRows[Table2]
		t.tableRows[Table3] = t.Table3
		for _, r := range t.Table3 {
			if r.Role != RoleGroup {
				t.wantRows[Table3] = append(t.wantRows[Table3], r)
			}
		}
		t.tableRows[Table4] = []*TemplateRow{t.Table4}
		t.wantRows[Table4] = t.tableRows[Table4]
	}
}

var table3Columns = []string{"自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"}

var table4Columns = []string{
	"行政复议 · 结果维持", "行政复议 · 结果纠正", "行政复议 · 其他结果", "行政复议 · 尚未审结", "行政复议 · 总计",
	"未经复议直接起诉 · 结果维持", "未经复议直接起诉 · 结果纠正", "未经复议直接起诉 · 其他结果", "未经复议直接起诉 · 尚未审结", "未经复议直接起诉 · 总计",
	"复议后起诉 · 结果维持", "复议后起诉 · 结果纠正", "复议后起诉 · 其他结果", "复议后起诉 · 尚未审结", "复议后起诉 · 总计",
}

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

func buildTable2(blocks []*Block) []*Block {
	n := 0
	for _, b := range blocks {
		for _, r := range b.Rows {
			r.Table = Table2
			r.Role = RoleData
			r.Block = b
			r.Columns = b.Header[1:]
			r.index = n
			n++
		}
	}
	return blocks
}

func row2(labels ...string) []*TemplateRow {
	rows := make([]*TemplateRow, len(labels))
	for i, l := range labels {
		rows[i] = &TemplateRow{Label: l}
	}
	return rows
}

func buildTable3(with2021Other bool) []*TemplateRow {
	var rows []*TemplateRow
	var group *TemplateRow
	add := func(label string, role RowRole) *TemplateRow {
		r := &TemplateRow{Table: Table3, Label: label, Role: role, Group: group}
		if role != RoleGroup {
			r.Columns = table3Columns
		}
		r.index = len(rows)
		rows = append(rows, r)
		return r
	}
	add("一、本年新收政府信息公开申请数量", RoleData)
	add("二、上年结转政府信息公开申请数量", RoleData)
	top := add("三、本年度办理结果", RoleGroup)
	group = top
	add("（一）予以公开", RoleLeaf)
	add("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", RoleLeaf)
	sub := func(title string, leaves ...string) {
		group = top
		g := add(title, RoleGroup)
		group = g
		for _, l := range leaves {
			add(l, RoleLeaf)
		}
		group = top
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
		add("（六）其他处理", RoleLeaf)
	}
	add("（七）总计", RoleTotal)
	group = nil
	add("四、结转下年度继续办理", RoleData)
	return rows
}

var template2019 = &Template{
	Format: Format2019,
	Table2: buildTable2([]*Block{
		{Title: "第二十条第（一）项", Header: []string{"信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"}, Rows: row2("规章", "规范性文件")},
		{Title: "第二十条第（五）项", Header: []string{"信息内容", "上一年项目数量", "本年增/减", "处理决定数量"}, Rows: row2("行政许可", "其他对外管理服务事项")},
		{Title: "第二十条第（六）项", Header: []string{"信息内容", "上一年项目数量", "本年增/减", "处理决定数量"}, Rows: row2("行政处罚", "行政强制")},
		{Title: "第二十条第（八）项", Header: []string{"信息内容", "上一年项目数量", "本年增/减"}, Rows: row2("行政事业性收费")},
		{Title: "第二十条第（九）项", Header: []string{"信息内容", "采购项目数量", "采购总金额"}, Rows: row2("政府集中采购")},
	}),
	Table3Header: table3HeaderRows,
	Table3:       buildTable3(false),
	Table4Header: table4HeaderRows,
	Table4:       &TemplateRow{Table: Table4, Role: RoleData, Columns: table4Columns},
}

var template2021 = &Template{
	Format: Format2021,
	Table2: buildTable2([]*Block{
		{Title: "第二十条第（一）项", Header: []string{"信息内容", "本年制发件数", "本年废止件数", "现行有效件数"}, Rows: row2("规章", "行政规范性文件")},
		{Title: "第二十条第（五）项", Header: []string{"信息内容", "本年处理决定数量"}, Rows: row2("行政许可")},
		{Title: "第二十条第（六）项", Header: []string{"信息内容", "本年处理决定数量"}, Rows: row2("行政处罚", "行政强制")},
		{Title: "第二十条第（八）项", Header: []string{"信息内容", "本年收费金额（单位：万元）"}, Rows: row2("行政事业性收费")},
	}),
	Table3Header: table3HeaderRows,
	Table3:       buildTable3(true),
	Table4Header: table4HeaderRows,
	Table4:       &TemplateRow{Table: Table4, Role: RoleData, Columns: table4Columns},
}

// TemplateFor returns the template of a format; FormatUnknown gets the 2021 one.
func TemplateFor(f Format) *Template {
	if f == Format2019 {
		return template2019
	}
	return template2021
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
