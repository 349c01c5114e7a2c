package analysis

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// narrative-mismatch: the numbers the prose of sections 一, 三 and 四 states
// (收到申请75件, 办结69件, 行政复议2起, 均已结案, 未收到申请 …) against the cells of
// Tables 2, 3 and 4 they refer to (rules-research.md, C1). A prose number often
// counts a different scope than the cell its words suggest, so the rule accepts
// every value the words can mean, and reads a number only when the words around it
// leave no doubt which table it is about.

// narrMaxGap is the most runes between a keyword and its number.
const narrMaxGap = 12

// narrKind is what a keyword says its number counts.
type narrKind uint8

const (
	narrReceived  narrKind = iota + 1 // 收到/受理/办理 … 申请: 一 or 一+二
	narrNew                           // 新收: 一
	narrCarried                       // 上年结转: 二
	narrDone                          // 办结: （七）
	narrCarryOut                      // 结转下年度: 四
	narrApplicant                     // 自然人 …: that column of the main count's rows
	narrOutcome                       // 予以公开 …: rows of 三
	narrReview                        // 行政复议: 复议 总计
	narrSuit                          // 行政诉讼: 直接起诉 总计 + 复议后起诉 总计
	narrTable2                        // 制发/废止/现行有效 规章|规范性文件: Table 2
)

// narrKeyword is a keyword of the prose and what its number counts; arg is the
// applicant column, the outcome (1–7 for （一）…（六） and （一）+（二）) or the
// Table 2 column.
type narrKeyword struct {
	word string
	kind narrKind
	arg  int
}

// narrKeywords: the received words (收到 …) lose to any other keyword in reach,
// which tells more (结转下年度办理2件 is a carry-over, not a received count).
var narrKeywords = []narrKeyword{
	{"收到", narrReceived, 0}, {"受理", narrReceived, 0}, {"接收", narrReceived, 0},
	{"接到", narrReceived, 0}, {"办理", narrReceived, 0}, {"共有", narrReceived, 0},
	{"新收", narrNew, 0},
	{"上年结转", narrCarried, 0}, {"上年度结转", narrCarried, 0}, {"上一年度结转", narrCarried, 0},
	{"办结", narrDone, 0}, {"已答复", narrDone, 0}, {"作出答复", narrDone, 0}, {"处理完毕", narrDone, 0},
	{"结转下", narrCarryOut, 0}, {"结转至下", narrCarryOut, 0}, {"结转到下", narrCarryOut, 0},
	{"自然人", narrApplicant, 0}, {"商业企业", narrApplicant, 1}, {"科研机构", narrApplicant, 2},
	{"社会公益组织", narrApplicant, 3}, {"法律服务机构", narrApplicant, 4}, {"法人或其他组织", narrApplicant, -1},
	{"予以公开", narrOutcome, 1}, {"部分公开", narrOutcome, 2}, {"不予公开", narrOutcome, 3},
	{"无法提供", narrOutcome, 4}, {"不予处理", narrOutcome, 5}, {"其他处理", narrOutcome, 6},
	{"予以公开及部分公开", narrOutcome, 7}, {"予以公开和部分公开", narrOutcome, 7},
	{"予以公开、部分公开", narrOutcome, 7}, {"予以公开或部分公开", narrOutcome, 7},
	{"行政复议", narrReview, 0}, {"行政诉讼", narrSuit, 0},
	{"制发", narrTable2, 0}, {"废止", narrTable2, 1}, {"现行有效", narrTable2, 2},
}

// narrTopic3: a clause with one of these is about information requests (Table 3);
// 公开申请 covers 政府信息公开申请 and 信息公开申请.
var narrTopic3 = []string{"公开申请", "依申请公开", "申请公开"}

// narrDrop: clauses about other channels (群众诉求, 信访, 12345 …) count things
// that are not information requests: PT19's 受理各类群众诉求259起. The research lists
// 诉求 信访 咨询 留言 建议 提案 热线; 来信, 来访 and 12345 are the same channels.
var narrDrop = []string{"诉求", "信访", "咨询", "留言", "建议", "提案", "热线", "来信", "来访", "12345"}

// narrUnits are the count units a stated number must carry.
const narrUnits = "件起宗个项条"

// narrNumber is a number written in a clause.
type narrNumber struct {
	start, end int // the number
	unitEnd    int // after its count unit; end when it has none
	value      int64
	count      bool // a whole number with a count unit: a candidate mention
	chinese    bool
}

// narrTables holds the cells the rule compares with: the first table of each kind.
type narrTables struct {
	t2, t3 *Table
	tpl3   []*TemplateRow
	// rows2 and rows3 are the first row matched to each template row of Tables 2
	// and 3, by the template row's Index.
	rows2, rows3 []*Row
	t4           *Row
}

func newNarrTables(rep *Report) *narrTables {
	n := &narrTables{}
	for _, t := range rep.Tables {
		switch {
		case t.Kind == Table2 && n.t2 == nil:
			n.t2 = t
		case t.Kind == Table3 && n.t3 == nil:
			n.t3, n.tpl3 = t, TemplateFor(t.Format).Table3
		case t.Kind == Table4 && n.t4 == nil:
			for _, r := range t.Rows {
				if r.Template != nil && r.Template.Table == Table4 {
					n.t4 = r
					break
				}
			}
			if n.t4 == nil {
				continue
			}
		default:
			continue
		}
		if t.Kind == Table4 {
			continue
		}
		rows := make([]*Row, len(TemplateFor(t.Format).rows(t.Kind)))
		for _, r := range t.Rows {
			if tr := r.Template; tr != nil && tr.Index < len(rows) && rows[tr.Index] == nil {
				rows[tr.Index] = r
			}
		}
		if t.Kind == Table2 {
			n.rows2 = rows
		} else {
			n.rows3 = rows
		}
	}
	return n
}

// row returns the row matched to template row tr, or nil.
func (n *narrTables) row(tr *TemplateRow) *Row {
	rows := n.rows3
	switch tr.Table {
	case Table2:
		rows = n.rows2
	case Table4:
		return n.t4
	}
	if tr.Index < len(rows) && rows[tr.Index] != nil && rows[tr.Index].Template == tr {
		return rows[tr.Index]
	}
	return nil
}

// narrTerm is one value a stated number may mean: a sum of cells.
type narrTerm struct {
	name  string
	value int64
	cells []narrCell
	ok    bool // every cell is there, in a row of the right shape, and a count
	// received is 1 for the term 一 of a received count, 2 for 一+二.
	received int
}

type narrCell struct {
	span  Span
	where string
	value int64
}

// sum adds the cells of columns cols of rows to a term named name.
func (n *narrTables) sum(name string, rows []*TemplateRow, cols ...int) narrTerm {
	t := narrTerm{name: name, ok: len(rows) > 0}
	for _, tr := range rows {
		r := n.row(tr)
		if r == nil || !r.shapeOK() {
			t.ok = false
			return t
		}
		for _, c := range cols {
			cell := &r.Values[c]
			if cell.Kind != CellNumber || cell.Scale != 0 || cell.Value < 0 {
				t.ok = false
				return t
			}
			_, where := cellWhere(tr, c)
			t.value += cell.Value
			t.cells = append(t.cells, narrCell{span: cell.Token, where: where, value: cell.Value})
		}
	}
	return t
}

// row3 returns Table 3's template row with label, or nil.
func (n *narrTables) row3(label string) []*TemplateRow {
	for _, tr := range n.tpl3 {
		if tr.Label == label {
			return []*TemplateRow{tr}
		}
	}
	return nil
}

// outcome returns the leaf rows of one of （一）…（六）: i is 1–6.
func (n *narrTables) outcome(i int) []*TemplateRow {
	prefix := "（" + [...]string{"", "一", "二", "三", "四", "五", "六"}[i] + "）"
	var out []*TemplateRow
	for _, tr := range n.tpl3 {
		if tr.Role == RoleLeaf && (strings.HasPrefix(tr.Label, prefix) || tr.Group != nil && strings.HasPrefix(tr.Group.Label, prefix)) {
			out = append(out, tr)
		}
	}
	return out
}

var narrOutcomeNames = [...]string{"", "（一）予以公开", "（二）部分公开", "（三）不予公开各项之和", "（四）无法提供各项之和",
	"（五）不予处理各项之和", "（六）其他处理", "（一）予以公开+（二）部分公开"}

const t3Total = 6 // Table 3's 总计 column

// received gives the terms a received count may mean, in columns cols (named
// colName, "" for 总计): 一 and 一+二, or one of them when which says (1 一, 2 一+二).
func (n *narrTables) received(which int, colName string, cols ...int) []narrTerm {
	one, two := n.row3("一、本年新收政府信息公开申请数量"), n.row3("二、上年结转政府信息公开申请数量")
	var out []narrTerm
	if which != 2 {
		t := n.sum("本年新收"+colName, one, cols...)
		t.received = 1
		out = append(out, t)
	}
	if which != 1 {
		both := append(append([]*TemplateRow(nil), one...), two...)
		if len(one) == 0 || len(two) == 0 {
			both = nil
		}
		t := n.sum("本年新收+上年结转"+colName, both, cols...)
		t.received = 2
		out = append(out, t)
	}
	return out
}

// narrClause is the state of the clauses of one paragraph.
type narrClause struct {
	p       *pass
	n       *narrTables
	section SectionKind
	text    string // the report's text
	start   int
	end     int
	// about3 is true once a clause of the paragraph was about information requests.
	about3 bool
	// main is which received term the clause's main count matched: 1 一, 2 一+二,
	// 0 both or none.
	main int
}

func runNarrativeMismatch(p *pass) {
	var n *narrTables
	for _, s := range p.rep.Sections {
		if s.Kind != 1 && s.Kind != 3 && s.Kind != 4 {
			continue
		}
		for _, para := range p.rep.Prose(s) {
			if s.Kind != 3 && !narrMayState(p.rep.Text[para.Start:para.End], s.Kind) {
				continue
			}
			if n == nil {
				n = newNarrTables(p.rep)
				if n.t2 == nil && n.t3 == nil && n.t4 == nil {
					return
				}
			}
			c := &narrClause{p: p, n: n, section: s.Kind, text: p.rep.Text}
			c.paragraph(para)
		}
	}
}

// narrMayState reports whether a paragraph of section k has a word of one of the
// topics: most paragraphs of 一 have none, and are not split into clauses.
func narrMayState(p string, k SectionKind) bool {
	return has(p, "申请") || has(p, "行政复议") || has(p, "行政诉讼") ||
		k == 1 && (has(p, "规范性文件") || has(p, "规章"))
}

// paragraph splits a paragraph into clauses at 。；;！？!? and line ends and checks
// each. It looks at bytes: 。 is E3 80 82, ； ！ ？ are EF BC 9B, 81, 9F.
func (c *narrClause) paragraph(para Span) {
	text := c.text[:para.End]
	start := para.Start
	for i := para.Start; i < para.End; i++ {
		end := 0
		switch text[i] {
		case ';', '!', '?', '\n', '\r':
			end = i + 1
		case 0xE3:
			if i+2 < len(text) && text[i+1] == 0x80 && text[i+2] == 0x82 {
				end = i + 3
			}
		case 0xEF:
			if i+2 < len(text) && text[i+1] == 0xBC && (text[i+2] == 0x9B || text[i+2] == 0x81 || text[i+2] == 0x9F) {
				end = i + 3
			}
		}
		if end > 0 {
			c.clause(start, end)
			start, i = end, end-1
		}
	}
	if start < para.End {
		c.clause(start, para.End)
	}
}

// clause checks one clause.
func (c *narrClause) clause(start, end int) {
	s := c.text[start:end]
	// Each topic's words share a part, looked for first: most clauses have none.
	topic3 := c.section == 3 || has(s, "申请") && containsAny(s, narrTopic3...)
	// In 一 a 行政复议 count may be all of the agency's (a 司法局 reports its
	// caseload): only one said of information disclosure is Table 4's.
	about4 := (has(s, "行政复议") || has(s, "行政诉讼")) &&
		(c.section != 1 || c.about3 || topic3 || has(s, "信息公开"))
	about2 := c.section == 1 && (has(s, "规范性文件") || has(s, "规章"))
	// Most clauses are about none of it: they are left before the rest is read.
	if !c.about3 && !topic3 && !about4 && !about2 || containsAny(s, narrDrop...) {
		return
	}
	c.about3 = c.about3 || topic3
	c.start, c.end, c.main = start, end, 0
	nums := c.numbers()
	counts := 0
	for i := range nums {
		if nums[i].count {
			counts++
			c.mention(nums, i, about4, about2)
		}
	}
	if about4 {
		c.allClosed()
	}
	if c.about3 && counts == 0 {
		c.noRequests()
	}
}

// numbers lists the numbers of the clause.
func (c *narrClause) numbers() []narrNumber {
	var out []narrNumber
	text := c.text[:c.end]
	for i := c.start; i < c.end; {
		if d, _ := digitAt(text, i); d >= 0 {
			v, e, whole := arabicAt(text, i)
			num := narrNumber{start: i, end: e, unitEnd: e, value: v}
			u := e
			for u < c.end && text[u] == ' ' {
				u++
			}
			if r, size := utf8.DecodeRuneInString(text[u:]); strings.ContainsRune(narrUnits, r) && whole {
				num.unitEnd, num.count = u+size, !precededBy(text, c.start, i, "第")
			}
			out = append(out, num)
			i = e
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if isChineseNumeral(r) {
			v, e, ok := chineseAt(text, i)
			u, usize := utf8.DecodeRuneInString(text[e:])
			// A Chinese numeral is a count only with a unit and nothing Han after
			// it: 一起 (together), 三个一 (a slogan) and 一项工作 are words, 两件，is a count.
			if ok && e < c.end && strings.ContainsRune(narrUnits, u) && !precededBy(text, c.start, i, "第") {
				after, _ := utf8.DecodeRuneInString(text[e+usize:])
				if e+usize >= c.end || !unicode.Is(unicode.Han, after) {
					out = append(out, narrNumber{start: i, end: e, unitEnd: e + usize, value: v, count: true, chinese: true})
				}
			}
			i = e
			continue
		}
		i += size
	}
	return out
}

// precededBy reports whether text[:i] ends with s, after start.
func precededBy(text string, start, i int, s string) bool {
	return i-len(s) >= start && text[i-len(s):i] == s
}

// narrStop ends the reach of a keyword: a keyword and its number are in one phrase.
func narrStop(r rune) bool {
	switch r {
	case '，', ',', '：', ':', '（', '(', '）', ')':
		return true
	}
	return false
}

// keywordBefore finds the keyword of the number at nums[i]: the nearest keyword
// ending at most narrMaxGap runes before it, within its phrase and after the
// previous number, a received word only when no other is in reach. It returns the
// keyword, where it starts, and where the gap to the number starts.
func (c *narrClause) keywordBefore(nums []narrNumber, i int, about4, about2 bool) (kw *narrKeyword, at, gapStart int) {
	from := c.start
	if i > 0 {
		from = nums[i-1].unitEnd
	}
	num := nums[i].start
	// Walk back over the gap, at most narrMaxGap runes, to a stop.
	lo := num
	for k := 0; k < narrMaxGap && lo > from; k++ {
		r, size := utf8.DecodeLastRuneInString(c.text[from:lo])
		if narrStop(r) {
			break
		}
		lo -= size
	}
	// 结转至2026年6件: the year is part of the keyword.
	if i > 0 && hasAt(c.text, from, "年") {
		prev := nums[i-1]
		if precededBy(c.text, c.start, prev.start, "结转至") || precededBy(c.text, c.start, prev.start, "结转到") {
			return &narrCarryOutYear, prev.start - len("结转至"), from
		}
	}
	best, bestEnd, bestAt := -1, -1, 0
	// A keyword ends in [lo, num] and starts at or after from.
	for k := range narrKeywords {
		// Only the keywords of the clause's topics: a clause listing 40 counts of
		// 条 about 规范性文件 looks for 3 keywords, not 38.
		switch narrKeywords[k].kind {
		case narrReview, narrSuit:
			if !about4 {
				continue
			}
		case narrTable2:
			if !about2 {
				continue
			}
		default:
			if !c.about3 {
				continue
			}
		}
		w := narrKeywords[k].word
		seg := c.text[max(from, lo-len(w)+1):num]
		j := strings.LastIndex(seg, w)
		if j < 0 {
			continue
		}
		s := max(from, lo-len(w)+1) + j
		e := s + len(w)
		if e < lo {
			continue
		}
		better := best < 0 ||
			(narrKeywords[best].kind == narrReceived) != (narrKeywords[k].kind == narrReceived) && narrKeywords[best].kind == narrReceived ||
			(narrKeywords[best].kind == narrReceived) == (narrKeywords[k].kind == narrReceived) && (e > bestEnd || e == bestEnd && s < bestAt)
		if better {
			best, bestEnd, bestAt = k, e, s
		}
	}
	if best < 0 {
		return nil, 0, 0
	}
	return &narrKeywords[best], bestAt, bestEnd
}

var narrCarryOutYear = narrKeyword{"结转至", narrCarryOut, 0}

// mention checks the number nums[i] against the cells its keyword refers to, and
// reports whether it was read as a statement about them.
func (c *narrClause) mention(nums []narrNumber, i int, about4, about2 bool) bool {
	num := &nums[i]
	kw, at, gap := c.keywordBefore(nums, i, about4, about2)
	quote := Span{at, num.unitEnd}
	if kw == nil {
		// 1件结转下年度继续办理: the keyword after the number.
		rest := c.text[num.unitEnd:c.end]
		if num.chinese || !(strings.HasPrefix(rest, "结转下") || strings.HasPrefix(rest, "结转至下") || strings.HasPrefix(rest, "结转到下")) {
			return false
		}
		kw, quote = &narrCarryOutYear, Span{num.start, num.unitEnd + len("结转下")}
		if !strings.HasPrefix(rest, "结转下") {
			quote.End += len("下") // 结转至下 / 结转到下
		}
	}
	gapText := c.text[gap:num.start]
	var terms []narrTerm
	table := Table3
	n := c.n
	switch kw.kind {
	case narrReview, narrSuit:
		if !about4 || n.t4 == nil || n.t4.Template == nil {
			return false
		}
		table = Table4
		tr := []*TemplateRow{n.t4.Template}
		// The sum of the results is an answer too: when the 总计 cell is wrong,
		// total-mismatch says so, and the prose that agrees with the results is right.
		total, results := n.sum("行政复议总计", tr, 4), n.sum("行政复议各结果之和", tr, 0, 1, 2, 3)
		if kw.kind == narrSuit {
			total, results = n.sum("未经复议直接起诉总计+复议后起诉总计", tr, 9, 14),
				n.sum("行政诉讼各结果之和", tr, 5, 6, 7, 8, 10, 11, 12, 13)
		}
		terms = append(terms, total)
		if results.value != total.value || !results.ok {
			terms = append(terms, results)
		}
	case narrTable2:
		if !about2 || n.t2 == nil || n.t2.Format != Format2021 {
			return false
		}
		label := ""
		switch {
		case strings.Contains(gapText, "规范性文件") && !strings.Contains(gapText, "规章"):
			label = "行政规范性文件"
		case strings.Contains(gapText, "规章") && !strings.Contains(gapText, "规范性文件"):
			label = "规章"
		default:
			return false
		}
		table = Table2
		for _, tr := range TemplateFor(Format2021).table2Rows {
			if tr.Label == label {
				terms = append(terms, n.sum(label+tr.Columns[kw.arg], []*TemplateRow{tr}, kw.arg))
			}
		}
	default:
		if !c.about3 || n.t3 == nil {
			return false
		}
		terms = c.terms3(kw)
		if terms == nil {
			return false
		}
	}
	c.check(table, quote, num.value, terms, kw.kind)
	if table == Table3 {
		c.percent(num)
	}
	return true
}

// terms3 gives the Table 3 terms a keyword's number may mean; nil when the clause
// does not say enough.
func (c *narrClause) terms3(kw *narrKeyword) []narrTerm {
	n := c.n
	s := c.text[c.start:c.end]
	switch kw.kind {
	case narrReceived:
		if !strings.Contains(s, "申请") {
			return nil
		}
		which := 0
		switch {
		case strings.Contains(s, "新收"):
			which = 1
		case strings.Contains(s, "含上年") || strings.Contains(s, "含上一年"):
			which = 2
		}
		return n.received(which, "", t3Total)
	case narrNew:
		return n.received(1, "", t3Total)
	case narrCarried:
		return []narrTerm{n.sum("上年结转", n.row3("二、上年结转政府信息公开申请数量"), t3Total)}
	case narrDone:
		return []narrTerm{n.sum("（七）总计", n.row3("（七）总计"), t3Total)}
	case narrCarryOut:
		return []narrTerm{n.sum("结转下年度继续办理", n.row3("四、结转下年度继续办理"), t3Total)}
	case narrApplicant:
		cols, name := []int{kw.arg}, table3Columns[max(kw.arg, 0)]
		if kw.arg < 0 {
			cols, name = []int{1, 2, 3, 4, 5}, "法人或其他组织"
		}
		return n.received(c.main, "（"+name+"）", cols...)
	case narrOutcome:
		var rows []*TemplateRow
		if kw.arg == 7 {
			rows = append(n.outcome(1), n.outcome(2)...)
		} else {
			rows = n.outcome(kw.arg)
		}
		return []narrTerm{n.sum(narrOutcomeNames[kw.arg], rows, t3Total)}
	}
	return nil
}

// check reports the stated value when it is none of the terms, and says nothing
// when a term cannot be read.
func (c *narrClause) check(table TableKind, quote Span, value int64, terms []narrTerm, kind narrKind) {
	for _, t := range terms {
		if !t.ok {
			return
		}
	}
	for _, t := range terms {
		if t.value == value {
			if kind == narrReceived || kind == narrNew {
				c.main = t.received
				if len(terms) == 2 && terms[0].value == terms[1].value {
					c.main = 0 // 二 is 0: either
				}
			}
			return
		}
	}
	c.report(table, quote, terms)
}

// report makes the finding of a statement that matches none of terms.
func (c *narrClause) report(table TableKind, quote Span, terms []narrTerm) {
	var b strings.Builder
	b.WriteString("正文“")
	b.WriteString(oneLine(c.text[quote.Start:quote.End]))
	b.WriteString("”与表")
	b.WriteString(table.Numeral())
	b.WriteString("不符：")
	var related []Related
	seen := map[Span]bool{}
	listed := map[int64]bool{}
	for _, t := range terms {
		// 一 and 一+二 are one value when 二 is 0: say it once.
		if listed[t.value] {
			continue
		}
		if len(listed) > 0 {
			b.WriteString("，")
		}
		listed[t.value] = true
		b.WriteString(t.name)
		b.WriteString(" ")
		b.WriteString(strconv.FormatInt(t.value, 10))
		for _, cell := range t.cells {
			if !seen[cell.span] {
				seen[cell.span] = true
				related = append(related, Related{Span: cell.span, Message: cell.where + "：" + strconv.FormatInt(cell.value, 10)})
			}
		}
	}
	sev := SeverityWarning
	if table == Table2 {
		sev = SeverityInfo
	}
	c.p.report(Diagnostic{Span: quote, Severity: sev, Message: b.String(), Related: related})
}

// percent checks 「占X%」 right after a Table 3 count: X must be 100·N/D for D one of
// （七）总计, 一, 一+二, to the decimals written (rounded or cut).
func (c *narrClause) percent(num *narrNumber) {
	i := num.unitEnd
	for _, p := range []string{"，", ","} {
		if hasAt(c.text, i, p) {
			i += len(p)
		}
	}
	if !hasAt(c.text, i, "占") {
		return
	}
	i += len("占")
	if hasAt(c.text, i, "比") {
		i += len("比")
	}
	if i >= c.end {
		return
	}
	if d, _ := digitAt(c.text, i); d < 0 {
		return
	}
	digits, decimals := int64(0), 0
	seenDot := false
	for i < c.end {
		if c.text[i] == '.' && !seenDot {
			seenDot = true
			i++
			continue
		}
		d, size := digitAt(c.text, i)
		if d < 0 || decimals >= 6 {
			break
		}
		digits = digits*10 + int64(d)
		if seenDot {
			decimals++
		}
		i += size
	}
	switch {
	case hasAt(c.text, i, "%"):
		i++
	case hasAt(c.text, i, "％"):
		i += len("％")
	default:
		return
	}
	n := c.n
	terms := []narrTerm{n.sum("（七）总计", n.row3("（七）总计"), t3Total)}
	terms = append(terms, n.received(0, "", t3Total)...)
	scale := int64(1)
	for k := 0; k < decimals; k++ {
		scale *= 10
	}
	for _, t := range terms {
		if !t.ok {
			return
		}
	}
	var b strings.Builder
	listed := map[int64]bool{}
	for _, t := range terms {
		if t.value == 0 || listed[t.value] {
			continue
		}
		listed[t.value] = true
		// 100·N/D scaled by 10^decimals, cut and rounded.
		x := 100 * num.value * scale
		cut, rounded := x/t.value, (2*x+t.value)/(2*t.value)
		if digits == cut || digits == rounded {
			return
		}
		if b.Len() > 0 {
			b.WriteString("，")
		}
		b.WriteString("占" + t.name + " " + strconv.FormatInt(t.value, 10) + " 的 " + formatScaled(rounded, decimals) + "%")
	}
	if b.Len() == 0 {
		return
	}
	quote := Span{num.start, i}
	var related []Related
	seen := map[Span]bool{}
	for _, t := range terms {
		for _, cell := range t.cells {
			if !seen[cell.span] {
				seen[cell.span] = true
				related = append(related, Related{Span: cell.span, Message: cell.where + "：" + strconv.FormatInt(cell.value, 10)})
			}
		}
	}
	c.p.report(Diagnostic{Span: quote, Severity: SeverityWarning, Related: related,
		Message: "正文“" + oneLine(c.text[quote.Start:quote.End]) + "”与表三不符：" + strconv.FormatInt(num.value, 10) + " " + b.String()})
}

// formatScaled writes v/10^decimals with that many decimals.
func formatScaled(v int64, decimals int) string {
	s := strconv.FormatInt(v, 10)
	if decimals == 0 {
		return s
	}
	for len(s) <= decimals {
		s = "0" + s
	}
	return s[:len(s)-decimals] + "." + s[len(s)-decimals:]
}

// allClosed checks 均已结案/均已审结 after 行政复议 or 行政诉讼: the 尚未审结 cells
// they name are 0. A clause that also says something is 尚未/未审结 is left alone.
func (c *narrClause) allClosed() {
	s := c.text[c.start:c.end]
	at := -1
	var word string
	for _, w := range []string{"均已结案", "均已审结", "均已办结", "全部结案", "全部审结"} {
		if j := strings.Index(s, w); j >= 0 && (at < 0 || j < at) {
			at, word = j, w
		}
	}
	n := c.n
	if at < 0 || strings.Contains(s, "未审结") || strings.Contains(s, "未结案") || n.t4 == nil || n.t4.Template == nil {
		return
	}
	before := s[:at]
	tr := []*TemplateRow{n.t4.Template}
	var terms []narrTerm
	if strings.Contains(before, "复议") {
		terms = append(terms, n.sum("行政复议尚未审结", tr, 3))
	}
	if strings.Contains(before, "诉讼") {
		terms = append(terms, n.sum("行政诉讼尚未审结", tr, 8, 13))
	}
	if len(terms) == 0 {
		return
	}
	for _, t := range terms {
		if !t.ok {
			return
		}
	}
	var bad []narrTerm
	for _, t := range terms {
		if t.value != 0 {
			bad = append(bad, t)
		}
	}
	if len(bad) > 0 {
		start := c.start + at
		c.report(Table4, Span{start, start + len(word)}, bad)
	}
}

// noRequests checks 「未收到/没有收到/无 … 申请」: 一 is 0.
func (c *narrClause) noRequests() {
	s := c.text[c.start:c.end]
	for _, w := range []string{"未收到", "没有收到", "未接到", "没有接到", "无"} {
		j := strings.Index(s, w)
		if j < 0 {
			continue
		}
		rest := s[j+len(w):]
		k := strings.Index(rest, "申请")
		if k < 0 || utf8.RuneCountInString(rest[:k]) > narrMaxGap || strings.ContainsAny(rest[:k], "，,：:") ||
			hasAt(rest, k+len("申请"), "人") {
			continue
		}
		// 「无」 only right before what is requested: 无政府信息公开申请, 无依申请公开.
		if w == "无" && !strings.HasPrefix(rest, "政府信息公开申请") && !strings.HasPrefix(rest, "信息公开申请") &&
			!strings.HasPrefix(rest, "依申请公开") && !strings.HasPrefix(rest, "公开申请") && !strings.HasPrefix(rest, "申请") {
			continue
		}
		end := k + len("申请")
		if strings.HasPrefix(rest[k:], "申请公开") {
			end = k + len("申请公开")
		}
		t := c.n.sum("本年新收", c.n.row3("一、本年新收政府信息公开申请数量"), t3Total)
		if c.n.t3 != nil && t.ok && t.value != 0 {
			quote := Span{c.start + j, c.start + j + len(w) + end}
			c.report(Table3, quote, []narrTerm{t})
		}
		return
	}
}
