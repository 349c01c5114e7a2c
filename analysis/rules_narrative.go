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

// The rule reads in two steps. What the prose says — which clauses are about the
// tables, their numbers and the keyword of each — depends on the text, the
// sections and the paragraphs alone: it is read once into a narrPlan, which the
// report keeps. The plan is then replayed against the tables' values. An edit of
// one number cell changes no text the plan read, so the update after it replays the
// plan of the report as it was (see valueReport) instead of reading all the prose
// of 一, 三 and 四 again. That took BenchmarkUpdateFindings/cell from 36 to 11 µs;
// BenchmarkUpdate/cell, whose every report is built anew, went from 34 to 10 µs
// since the report of a cell edit reads its plan when it is built (Rule.prepare).
// A check reads the plan and replays it at once: CheckSample moved within noise.

// narrPlan is what the prose of a report states, as far as the rule reads it.
type narrPlan struct {
	// text, sections, paragraphs and tables are what the plan was read from (see
	// fits): a report copied with other text or other sections never takes it.
	text       string
	sections   []*Section
	paragraphs []Span
	tables     []Span
	clauses    []narrPlanClause
}

// narrPlanClause is a clause about the tables.
type narrPlanClause struct {
	start, end int
	// about3: the clause or one before it in its paragraph was about information
	// requests; about4: the clause is about Table 4 (see narrReader.clause).
	about3, about4 bool
	mentions       []narrMention
	// closed is 均已结案 or one of its like, and review and suit whether 复议 and
	// 诉讼 come before it (see allClosed); neither is set when the clause has none.
	closed       Span
	review, suit bool
	// none is the quote of 「未收到 … 申请」 (see noRequests), zero when there is none.
	none Span
}

// narrMention is a count the prose states and what its keyword says it counts.
type narrMention struct {
	kw    *narrKeyword
	num   narrNumber
	quote Span
	// label is the row of Table 2 a narrTable2 count is of.
	label string
	// which is the received terms a narrReceived count may mean (see received).
	which int
	// pct is the 「占X%」 right after a Table 3 count: X·10^decimals is digits, and
	// the quote ends at pctEnd; pctEnd is 0 when there is none.
	pctEnd, decimals int
	digits           int64
}

// narrPlanOf returns the plan of rep's prose: the one rep keeps when it was read
// from rep's text, sections, paragraphs and tables, else a new one, which rep keeps
// when it has none yet.
func narrPlanOf(rep *Report) *narrPlan {
	if rep.narr != nil {
		if pl := rep.narr.Load(); pl != nil && pl.fits(rep) {
			return pl
		}
	}
	pl := newNarrPlan(rep)
	if rep.narr != nil {
		// The first plan stays: a copy of rep with other text (none today) that
		// shares rep.narr may make another, but only rep's own fits rep.
		rep.narr.CompareAndSwap(nil, pl)
	}
	return pl
}

// fits reports whether the plan was read from rep. Strings that share their
// bytes, as a report and its copies do, compare at once.
func (pl *narrPlan) fits(rep *Report) bool {
	if pl.text != rep.Text || !sameSlice(pl.sections, rep.Sections) || !sameSlice(pl.paragraphs, rep.paragraphs) ||
		len(pl.tables) != len(rep.Tables) {
		return false
	}
	for i, t := range rep.Tables {
		if t.Span != pl.tables[i] {
			return false
		}
	}
	return true
}

// sameSlice reports whether a and b are the same elements of one array.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func newNarrPlan(rep *Report) *narrPlan {
	pl := &narrPlan{text: rep.Text, sections: rep.Sections, paragraphs: rep.paragraphs, tables: make([]Span, len(rep.Tables))}
	for i, t := range rep.Tables {
		pl.tables[i] = t.Span
	}
	for _, s := range rep.Sections {
		if s.Kind != 1 && s.Kind != 3 && s.Kind != 4 {
			continue
		}
		for _, para := range rep.Prose(s) {
			if s.Kind != 3 && !narrMayState(rep.Text[para.Start:para.End], s.Kind) {
				continue
			}
			r := &narrReader{plan: pl, section: s.Kind, text: rep.Text}
			r.paragraph(para)
		}
	}
	return pl
}

func runNarrativeMismatch(p *pass) {
	pl := narrPlanOf(p.rep)
	if len(pl.clauses) == 0 {
		return
	}
	n := newNarrTables(p.rep)
	if n.t2 == nil && n.t3 == nil && n.t4 == nil {
		return
	}
	c := &narrClause{p: p, n: n, text: p.rep.Text}
	for i := range pl.clauses {
		c.replay(&pl.clauses[i])
	}
}

// narrMayState reports whether a paragraph of section k has a word of one of the
// topics: most paragraphs of 一 have none, and are not split into clauses.
func narrMayState(p string, k SectionKind) bool {
	return has(p, "申请") || has(p, "行政复议") || has(p, "行政诉讼") ||
		k == 1 && (has(p, "规范性文件") || has(p, "规章"))
}

// narrReader reads the clauses of one paragraph into a plan.
type narrReader struct {
	plan    *narrPlan
	section SectionKind
	text    string // the report's text
	start   int
	end     int
	// about3 is true once a clause of the paragraph was about information requests.
	about3 bool
}

// paragraph splits a paragraph into clauses at 。；;！？!? and line ends and reads
// each. It looks at bytes: 。 is E3 80 82, ； ！ ？ are EF BC 9B, 81, 9F.
func (c *narrReader) paragraph(para Span) {
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

// clause reads one clause into the plan when it is about the tables.
func (c *narrReader) clause(start, end int) {
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
	c.start, c.end = start, end
	pc := narrPlanClause{start: start, end: end, about3: c.about3, about4: about4}
	nums := c.numbers()
	counts := 0
	for i := range nums {
		if nums[i].count {
			counts++
			if m, ok := c.mention(nums, i, about4, about2); ok {
				pc.mentions = append(pc.mentions, m)
			}
		}
	}
	if about4 {
		pc.closed, pc.review, pc.suit = c.allClosed()
	}
	if c.about3 && counts == 0 {
		pc.none = c.noRequests()
	}
	if len(pc.mentions) > 0 || pc.review || pc.suit || pc.none.End > 0 {
		c.plan.clauses = append(c.plan.clauses, pc)
	}
}

// numbers lists the numbers of the clause.
func (c *narrReader) numbers() []narrNumber {
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
func (c *narrReader) keywordBefore(nums []narrNumber, i int, about4, about2 bool) (kw *narrKeyword, at, gapStart int) {
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

// mention reads the number nums[i] as a statement about the cells its keyword
// refers to; ok is false when the words do not say which.
func (c *narrReader) mention(nums []narrNumber, i int, about4, about2 bool) (m narrMention, ok bool) {
	num := &nums[i]
	kw, at, gap := c.keywordBefore(nums, i, about4, about2)
	quote := Span{at, num.unitEnd}
	if kw == nil {
		// 1件结转下年度继续办理: the keyword after the number.
		rest := c.text[num.unitEnd:c.end]
		if num.chinese || !(strings.HasPrefix(rest, "结转下") || strings.HasPrefix(rest, "结转至下") || strings.HasPrefix(rest, "结转到下")) {
			return m, false
		}
		kw, quote = &narrCarryOutYear, Span{num.start, num.unitEnd + len("结转下")}
		if !strings.HasPrefix(rest, "结转下") {
			quote.End += len("下") // 结转至下 / 结转到下
		}
	}
	m = narrMention{kw: kw, num: *num, quote: quote}
	switch kw.kind {
	case narrReview, narrSuit:
		return m, about4
	case narrTable2:
		if !about2 {
			return m, false
		}
		gapText := c.text[gap:num.start]
		switch {
		case strings.Contains(gapText, "规范性文件") && !strings.Contains(gapText, "规章"):
			m.label = "行政规范性文件"
		case strings.Contains(gapText, "规章") && !strings.Contains(gapText, "规范性文件"):
			m.label = "规章"
		default:
			return m, false
		}
		return m, true
	}
	if !c.about3 {
		return m, false
	}
	if kw.kind == narrReceived {
		s := c.text[c.start:c.end]
		if !strings.Contains(s, "申请") {
			return m, false
		}
		switch {
		case strings.Contains(s, "新收"):
			m.which = 1
		case strings.Contains(s, "含上年") || strings.Contains(s, "含上一年"):
			m.which = 2
		}
	}
	c.percent(&m)
	return m, true
}

// percent reads 「占X%」 right after the Table 3 count of m into m.
func (c *narrReader) percent(m *narrMention) {
	i := m.num.unitEnd
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
	m.pctEnd, m.digits, m.decimals = i, digits, decimals
}

// allClosed reads 均已结案/均已审结 after 行政复议 or 行政诉讼: the word, and
// whether 复议 and 诉讼 come before it. A clause that also says something is
// 尚未/未审结 is left alone.
func (c *narrReader) allClosed() (word Span, review, suit bool) {
	s := c.text[c.start:c.end]
	at, n := -1, 0
	for _, w := range []string{"均已结案", "均已审结", "均已办结", "全部结案", "全部审结"} {
		if j := strings.Index(s, w); j >= 0 && (at < 0 || j < at) {
			at, n = j, len(w)
		}
	}
	if at < 0 || strings.Contains(s, "未审结") || strings.Contains(s, "未结案") {
		return Span{}, false, false
	}
	before := s[:at]
	return Span{c.start + at, c.start + at + n}, strings.Contains(before, "复议"), strings.Contains(before, "诉讼")
}

// noRequests reads 「未收到/没有收到/无 … 申请」, which says 一 is 0, and returns its
// quote, zero when the clause has none.
func (c *narrReader) noRequests() Span {
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
		return Span{c.start + j, c.start + j + len(w) + end}
	}
	return Span{}
}

// narrClause replays the clauses of a plan against the tables.
type narrClause struct {
	p    *pass
	n    *narrTables
	text string // the report's text
	// main is which received term the clause's main count matched: 1 一, 2 一+二,
	// 0 both or none.
	main int
}

// replay checks the statements of one clause against the tables, in text order.
func (c *narrClause) replay(pc *narrPlanClause) {
	c.main = 0
	for i := range pc.mentions {
		c.mention(&pc.mentions[i])
	}
	if pc.review || pc.suit {
		c.allClosed(pc)
	}
	if pc.none.End > 0 {
		c.noRequests(pc.none)
	}
}

// mention checks the count of m against the cells its keyword refers to.
func (c *narrClause) mention(m *narrMention) {
	var terms []narrTerm
	table := Table3
	n := c.n
	switch m.kw.kind {
	case narrReview, narrSuit:
		if n.t4 == nil || n.t4.Template == nil {
			return
		}
		table = Table4
		tr := []*TemplateRow{n.t4.Template}
		// The sum of the results is an answer too: when the 总计 cell is wrong,
		// total-mismatch says so, and the prose that agrees with the results is right.
		total, results := n.sum("行政复议总计", tr, 4), n.sum("行政复议各结果之和", tr, 0, 1, 2, 3)
		if m.kw.kind == narrSuit {
			total, results = n.sum("未经复议直接起诉总计+复议后起诉总计", tr, 9, 14),
				n.sum("行政诉讼各结果之和", tr, 5, 6, 7, 8, 10, 11, 12, 13)
		}
		terms = append(terms, total)
		if results.value != total.value || !results.ok {
			terms = append(terms, results)
		}
	case narrTable2:
		if n.t2 == nil || n.t2.Format != Format2021 {
			return
		}
		table = Table2
		for _, tr := range TemplateFor(Format2021).table2Rows {
			if tr.Label == m.label {
				terms = append(terms, n.sum(m.label+tr.Columns[m.kw.arg], []*TemplateRow{tr}, m.kw.arg))
			}
		}
	default:
		if n.t3 == nil {
			return
		}
		terms = c.terms3(m)
		if terms == nil {
			return
		}
	}
	c.check(table, m.quote, m.num.value, terms, m.kw.kind)
	if table == Table3 && m.pctEnd > 0 {
		c.percent(m)
	}
}

// terms3 gives the Table 3 terms the count of m may mean.
func (c *narrClause) terms3(m *narrMention) []narrTerm {
	n := c.n
	kw := m.kw
	switch kw.kind {
	case narrReceived:
		return n.received(m.which, "", t3Total)
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

// percent checks the 「占X%」 after the Table 3 count of m: X must be 100·N/D for D
// one of （七）总计, 一, 一+二, to the decimals written (rounded or cut).
func (c *narrClause) percent(m *narrMention) {
	n := c.n
	terms := []narrTerm{n.sum("（七）总计", n.row3("（七）总计"), t3Total)}
	terms = append(terms, n.received(0, "", t3Total)...)
	scale := int64(1)
	for k := 0; k < m.decimals; k++ {
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
		x := 100 * m.num.value * scale
		cut, rounded := x/t.value, (2*x+t.value)/(2*t.value)
		if m.digits == cut || m.digits == rounded {
			return
		}
		if b.Len() > 0 {
			b.WriteString("，")
		}
		b.WriteString("占" + t.name + " " + strconv.FormatInt(t.value, 10) + " 的 " + formatScaled(rounded, m.decimals) + "%")
	}
	if b.Len() == 0 {
		return
	}
	quote := Span{m.num.start, m.pctEnd}
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
		Message: "正文“" + oneLine(c.text[quote.Start:quote.End]) + "”与表三不符：" + strconv.FormatInt(m.num.value, 10) + " " + b.String()})
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

// allClosed checks the 均已结案 of a clause: the 尚未审结 cells of what it says
// is closed are 0.
func (c *narrClause) allClosed(pc *narrPlanClause) {
	n := c.n
	if n.t4 == nil || n.t4.Template == nil {
		return
	}
	tr := []*TemplateRow{n.t4.Template}
	var terms []narrTerm
	if pc.review {
		terms = append(terms, n.sum("行政复议尚未审结", tr, 3))
	}
	if pc.suit {
		terms = append(terms, n.sum("行政诉讼尚未审结", tr, 8, 13))
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
		c.report(Table4, pc.closed, bad)
	}
}

// noRequests checks a statement that no request came (quote): 一 is 0.
func (c *narrClause) noRequests(quote Span) {
	t := c.n.sum("本年新收", c.n.row3("一、本年新收政府信息公开申请数量"), t3Total)
	if c.n.t3 != nil && t.ok && t.value != 0 {
		c.report(Table3, quote, []narrTerm{t})
	}
}
