package analysis

import (
	"cmp"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Checks across years: carryover-mismatch, copied-section and table2-carry compare a
// report with last year's report of the same office (rules-research C5, C6 c/d,
// C12). The engine reads no files: a caller that holds several reports (the files
// of one `check` run, the report files of an editor's workspace) pairs them by
// Summary.Follows and hands last year's Summary to this year's check, either in
// Options.Last (the rules then run with the others, and through Update) or to
// CheckAcross (for a caller that keeps findings, not reports).

// Summary is what the rules comparing years read of a report: its office and year,
// the cells they compare and where its prose is. It holds the report's text, but
// none of its document or tables, so that a caller can keep one for every report of
// a folder.
type Summary struct {
	// Name is what the caller calls the report (a path, a URI); a finding's related
	// location in this report carries it as Related.Doc. The engine leaves it "", and
	// a caller sets it before handing the summary on; one left "" is named
	// lastYearDoc.
	Name string
	// Office is the agency its title names before the year, normalised (see
	// OfficeKey); "" when the title names none, and then it pairs with nothing.
	Office string
	Year   int
	Format Format
	Text   string

	// cells are the value cells of Table 2's rows and of Table 3's 二 and 四 rows,
	// of the rows whose shape is right.
	cells []summaryCell
	// five and prose are the prose of section 五 and of every section.
	five, prose []Span

	gramsOnce sync.Once
	grams     [2]gramSet // of five and prose: last year's are read for every keystroke
}

type summaryCell struct {
	row  *TemplateRow
	col  int
	cell Cell
}

// The Table 3 rows carryover-mismatch compares.
const (
	rowCarriedIn  = "二、上年结转政府信息公开申请数量"
	rowCarriedOut = "四、结转下年度继续办理"
)

// Summarize returns the summary of a report read with its tables (Check's, not
// CheckFindings', whose Result.Summary is made before its tables go).
func Summarize(rep *Report) *Summary {
	if rep == nil || !rep.IsReport {
		return nil
	}
	s := summaryHeader(rep)
	s.cells = summaryCells(rep.Tables)
	for _, sec := range rep.Sections {
		ps := rep.Prose(sec)
		if sec.Kind == 5 && s.five == nil {
			s.five = ps
		}
		s.prose = append(s.prose, ps...)
	}
	return s
}

// summaryHeader is the summary of a report without its cells and prose: enough to
// pair it.
func summaryHeader(rep *Report) *Summary {
	return &Summary{Office: OfficeOf(rep), Year: rep.Year, Format: rep.Format, Text: rep.Text}
}

// OfficeOf is the pairing key of a report: OfficeKey of its title, or, when the
// reader found none (a web page's title among its site navigation), of the first
// line before section 一 that reads as one (政府信息公开 or 政务信息公开 … 年度报告).
func OfficeOf(rep *Report) string {
	if rep.Title.End > rep.Title.Start {
		return OfficeKey(rep.Text, rep.Title)
	}
	end := len(rep.Text)
	if len(rep.Sections) > 0 {
		end = rep.Sections[0].Start
	}
	for at := 0; at < end; {
		next := strings.IndexByte(rep.Text[at:end], '\n')
		le := end
		if next >= 0 {
			le = at + next
		}
		line := rep.Text[at:le]
		if strings.Contains(line, "年度报告") && (strings.Contains(line, "信息公开") || strings.Contains(line, "信息公開")) {
			return OfficeKey(rep.Text, Span{at, le})
		}
		if next < 0 {
			break
		}
		at = le + 1
	}
	return ""
}

func summaryCells(tables []*Table) []summaryCell {
	kept := func(t *Table, r *Row) bool {
		return (t.Kind == Table2 || t.Kind == Table3) && r.shapeOK() &&
			(t.Kind == Table2 || r.Template.Label == rowCarriedIn || r.Template.Label == rowCarriedOut)
	}
	// Counted first: appending grew the slice at every power of two, in every check.
	n := 0
	for _, t := range tables {
		for _, r := range t.Rows {
			if kept(t, r) {
				n += len(r.Values)
			}
		}
	}
	out := make([]summaryCell, 0, n)
	for _, t := range tables {
		for _, r := range t.Rows {
			if !kept(t, r) {
				continue
			}
			for i := range r.Values {
				c := r.Values[i]
				c.more = nil
				out = append(out, summaryCell{row: r.Template, col: i, cell: c})
			}
		}
	}
	return out
}

// Follows reports whether s is the report of the year after last's, of the same office.
func (s *Summary) Follows(last *Summary) bool {
	return s != nil && last != nil && s.Office != "" && s.Office == last.Office && s.Year != 0 && s.Year == last.Year+1
}

// Predecessors pairs reports: for each of all, the first of all it Follows, or nil.
func Predecessors(all []*Summary) []*Summary {
	byKey := map[string]*Summary{}
	for _, s := range all {
		if s == nil || s.Office == "" || s.Year == 0 {
			continue
		}
		k := s.Office + "\x00" + strconv.Itoa(s.Year)
		if byKey[k] == nil {
			byKey[k] = s
		}
	}
	out := make([]*Summary, len(all))
	for i, s := range all {
		if s != nil && s.Office != "" && s.Year != 0 {
			out[i] = byKey[s.Office+"\x00"+strconv.Itoa(s.Year-1)]
		}
	}
	return out
}

// officeT2S maps the traditional forms of characters common in place and agency
// names to their simplified forms, for OfficeKey only: fold.go's table holds the
// templates' vocabulary, which is all label matching needs. The pairs are sorted
// by their first character (a test holds them so) and looked up by binary search:
// a literal the compiler lays out costs a run of the command nothing, where the map
// built from them at start-up cost about 15 µs.
var officeT2S = [...][2]rune{
	{'備', '备'}, {'僑', '侨'}, {'儲', '储'}, {'劃', '划'}, {'劉', '刘'}, {'匯', '汇'}, {'區', '区'}, {'協', '协'}, {'參', '参'}, {'員', '员'},
	{'園', '园'}, {'團', '团'}, {'場', '场'}, {'壇', '坛'}, {'壩', '坝'}, {'壽', '寿'}, {'婁', '娄'}, {'婦', '妇'}, {'學', '学'}, {'寧', '宁'},
	{'寶', '宝'}, {'專', '专'}, {'層', '层'}, {'島', '岛'}, {'崗', '岗'}, {'嶧', '峄'}, {'嶺', '岭'}, {'嶼', '屿'}, {'嶽', '岳'}, {'幣', '币'},
	{'廈', '厦'}, {'廟', '庙'}, {'廠', '厂'}, {'廣', '广'}, {'廳', '厅'}, {'張', '张'}, {'慶', '庆'}, {'應', '应'}, {'懷', '怀'}, {'戰', '战'},
	{'戶', '户'}, {'揚', '扬'}, {'撫', '抚'}, {'東', '东'}, {'樓', '楼'}, {'樺', '桦'}, {'橋', '桥'}, {'橫', '横'}, {'檔', '档'}, {'檢', '检'},
	{'歐', '欧'}, {'歸', '归'}, {'殘', '残'}, {'氣', '气'}, {'準', '准'}, {'溫', '温'}, {'滄', '沧'}, {'滙', '汇'}, {'滬', '沪'}, {'滿', '满'},
	{'漁', '渔'}, {'漢', '汉'}, {'潁', '颍'}, {'潛', '潜'}, {'潯', '浔'}, {'澤', '泽'}, {'濕', '湿'}, {'濤', '涛'}, {'濰', '潍'}, {'濱', '滨'},
	{'瀋', '沈'}, {'瀘', '泸'}, {'灘', '滩'}, {'灣', '湾'}, {'烏', '乌'}, {'煙', '烟'}, {'營', '营'}, {'爾', '尔'}, {'環', '环'}, {'瓊', '琼'},
	{'產', '产'}, {'畫', '画'}, {'療', '疗'}, {'監', '监'}, {'碼', '码'}, {'礎', '础'}, {'礦', '矿'}, {'稅', '税'}, {'筆', '笔'}, {'節', '节'},
	{'築', '筑'}, {'粵', '粤'}, {'糧', '粮'}, {'級', '级'}, {'紡', '纺'}, {'紹', '绍'}, {'綜', '综'}, {'綠', '绿'}, {'網', '网'}, {'綿', '绵'},
	{'線', '线'}, {'縣', '县'}, {'縱', '纵'}, {'織', '织'}, {'義', '义'}, {'聖', '圣'}, {'聯', '联'}, {'臨', '临'}, {'臺', '台'}, {'興', '兴'},
	{'莊', '庄'}, {'華', '华'}, {'萊', '莱'}, {'蕪', '芜'}, {'藍', '蓝'}, {'藝', '艺'}, {'藥', '药'}, {'蘇', '苏'}, {'蘭', '兰'}, {'術', '术'},
	{'衛', '卫'}, {'裏', '里'}, {'裡', '里'}, {'視', '视'}, {'親', '亲'}, {'試', '试'}, {'豐', '丰'}, {'財', '财'}, {'貨', '货'}, {'貴', '贵'},
	{'貿', '贸'}, {'資', '资'}, {'賓', '宾'}, {'賣', '卖'}, {'質', '质'}, {'贛', '赣'}, {'車', '车'}, {'軍', '军'}, {'輸', '输'}, {'農', '农'},
	{'遊', '游'}, {'運', '运'}, {'達', '达'}, {'遼', '辽'}, {'邊', '边'}, {'郵', '邮'}, {'鄉', '乡'}, {'鄖', '郧'}, {'鄭', '郑'}, {'鄰', '邻'},
	{'醫', '医'}, {'銀', '银'}, {'銅', '铜'}, {'鋼', '钢'}, {'錦', '锦'}, {'錫', '锡'}, {'鎖', '锁'}, {'鎮', '镇'}, {'鏈', '链'}, {'鐵', '铁'},
	{'門', '门'}, {'閩', '闽'}, {'陝', '陕'}, {'陰', '阴'}, {'陳', '陈'}, {'陸', '陆'}, {'陽', '阳'}, {'際', '际'}, {'隨', '随'}, {'險', '险'},
	{'隴', '陇'}, {'雙', '双'}, {'雞', '鸡'}, {'雲', '云'}, {'電', '电'}, {'靈', '灵'}, {'韋', '韦'}, {'順', '顺'}, {'餘', '余'}, {'館', '馆'},
	{'饒', '饶'}, {'驗', '验'}, {'魯', '鲁'}, {'鳳', '凤'}, {'鶴', '鹤'}, {'鹽', '盐'}, {'麗', '丽'}, {'點', '点'}, {'黨', '党'}, {'齊', '齐'},
	{'龍', '龙'},
}

// officeSimplified is r in its simplified form when officeT2S has it, else r.
func officeSimplified(r rune) rune {
	if i, ok := slices.BinarySearchFunc(officeT2S[:], r, func(p [2]rune, r rune) int { return cmp.Compare(p[0], r) }); ok {
		return officeT2S[i][1]
	}
	return r
}

// titleSuffixes are the labels sites add to a title for another rendering of the same
// report (C5): 「（图片版）」 and its kin, folded as OfficeKey folds.
var titleSuffixes = []string{"（图片版）", "（超链版）", "（超链接版）", "（文字版）", "（图文版）", "（解读版）", "（全文）"}

// OfficeKey is the pairing key of a report (C5): the agency its title names before
// the year (readAgency: traditional characters folded to simplified, full-width to
// half-width, blanks and markup dropped; 「2021年度」 and 「2021年」 end it alike),
// without the labels of another rendering such as 「（图片版）」. A department's key
// is not its government's: 「某县人民政府」 and 「某县财政局」 differ.
func OfficeKey(text string, title Span) string {
	k := strings.Map(officeSimplified, readAgency(text, title).name)
	for _, s := range titleSuffixes {
		k = strings.ReplaceAll(k, s, "")
	}
	return strings.TrimLeft(k, "#*>-_=|")
}

// lastYearDoc is Related.Doc for a summary the caller left without a name: a place
// in another text must never read as one in the text checked.
const lastYearDoc = "上一年度报告"

func relatedDoc(s *Summary) string {
	if s.Name == "" {
		return lastYearDoc
	}
	return s.Name
}

// docName is how a message names the other report: its file's name.
func docName(name string) string {
	name = strings.TrimRight(name, "/")
	if i := strings.LastIndexAny(name, "/\\"); i >= 0 {
		name = name[i+1:]
	}
	if name == "" {
		return "上一年度报告"
	}
	if u, err := url.PathUnescape(name); err == nil {
		name = u // an editor names it by a URI, Chinese percent-encoded
	}
	return path.Clean(name)
}

// lineAt is the 1-based line of offset in text, for a message naming a place in
// another report.
func lineAt(text string, offset int) int { return strings.Count(text[:offset], "\n") + 1 }

// cellAt returns the summary's cell of a row (by its template wording and, in Table
// 2, its item's) and column.
func (s *Summary) cellAt(label, item string, col string) (*summaryCell, bool) {
	for i := range s.cells {
		c := &s.cells[i]
		if c.row.Label == label && c.row.Columns[c.col] == col && (c.row.Item == nil) == (item == "") && (c.row.Item == nil || c.row.Item.Title == item) {
			return c, true
		}
	}
	return nil, false
}

// acrossRun is the body of a rule comparing years: it reads this year's summary (as
// far as the rule reads: cells for the table rules, prose for copied-section) and
// last year's.
type acrossRun func(this, last *Summary, report func(Diagnostic))

// runAcross runs a rule comparing years in a pass: only when Options.Last is the
// report of the year before, of the same office.
func runAcross(f acrossRun, prose bool) func(*pass) {
	return func(p *pass) {
		last := p.opts.Last
		if last == nil || p.rep.Year == 0 {
			return
		}
		this := &Summary{Office: OfficeOf(p.rep), Year: p.rep.Year, Format: p.rep.Format, Text: p.text}
		if !this.Follows(last) {
			return
		}
		if prose {
			for _, sec := range p.rep.Sections {
				ps := p.rep.Prose(sec)
				if sec.Kind == 5 && this.five == nil {
					this.five = ps
				}
				this.prose = append(this.prose, ps...)
			}
		} else {
			this.cells = summaryCells(p.numberTables())
		}
		f(this, last, p.report)
	}
}

// CheckAcross returns the findings of the rules comparing years for this year's
// report against last year's, as Check with Options.Last would give them: for a
// caller that checked with CheckFindings and kept the summaries (Result.Summary).
// Nothing when this does not follow last.
func CheckAcross(this, last *Summary, opts Options) []Diagnostic {
	if !this.Follows(last) {
		return nil
	}
	p := &pass{text: this.Text, opts: opts}
	for i := range registry {
		r := &registry[i]
		if r.across == nil || opts.Disabled[r.ID] {
			continue
		}
		p.rule = r
		r.across(this, last, p.report)
	}
	sortDiagnostics(p.out)
	return p.out
}

// runCarryover: C5. 二、上年结转 of this year equals 四、结转下年度继续办理 of last year,
// column by column; a blank or invalid cell on either side leaves its column out.
func runCarryover(this, last *Summary, report func(Diagnostic)) {
	for i := range this.cells {
		c := &this.cells[i]
		if c.row.Table != Table3 || c.row.Label != rowCarriedIn || !wholeCount(&c.cell) {
			continue
		}
		col := c.row.Columns[c.col]
		lc, ok := last.cellAt(rowCarriedOut, "", col)
		if !ok || !wholeCount(&lc.cell) || lc.cell.Value == c.cell.Value {
			continue
		}
		want := itoa(lc.cell.Value)
		ly := strconv.Itoa(last.Year)
		_, where := cellWhere(c.row, c.col)
		d := Diagnostic{Span: c.cell.Token, Where: where,
			Message: "上年结转（" + col + "列）为 " + itoa(c.cell.Value) + "，但 " + ly + " 年度报告的「结转下年度继续办理」为 " + want +
				"（" + docName(last.Name) + " 第 " + strconv.Itoa(lineAt(last.Text, lc.cell.Token.Start)) + " 行）：两者应相等，请核对哪一年填错",
			Related: []Related{{Span: lc.cell.Token, Doc: relatedDoc(last), Message: ly + " 年度报告「" + rowCarriedOut + "」（" + col + "列）：" + want}}}
		d.Fixes = []Fix{{Title: "改为 " + want, Edits: []Edit{{Span: c.cell.Token, NewText: want}}}}
		report(d)
	}
}

// wholeCount reports whether a cell holds a count: a whole number, not negative.
func wholeCount(c *Cell) bool { return c.Kind == CellNumber && c.Scale == 0 && c.Value >= 0 }

// copiedMin is the fewest 4-grams a prose must have for copied-section to compare
// it: 「无。」 this year and last is left to the rules on section 五 itself.
const copiedMin = 20

// copiedShare is C6's threshold: a Jaccard similarity of 0.8 or more.
const copiedShare = 0.8

// runCopied: C6 (c) and (d). Section 五, and the prose of the whole report, at least
// 80 % alike (character 4-gram Jaccard) to last year's.
func runCopied(this, last *Summary, report func(Diagnostic)) {
	ly := strconv.Itoa(last.Year)
	mine, theirs := this.gramSets(), last.gramSets()
	if a := mine[0]; len(this.five) > 0 {
		if j, ok := jaccard(a, theirs[0]); ok && j >= copiedShare {
			at := this.five[0]
			report(Diagnostic{Span: at, Where: "第五部分",
				Message: "第五部分与 " + ly + " 年度报告高度雷同（相似度 " + percent(j) + "）：请写本年度实际存在的问题和具体的改进措施，不要沿用上一年的文字",
				Related: []Related{{Span: last.five[0], Doc: relatedDoc(last), Message: ly + " 年度报告的第五部分"}}})
		}
	}
	if a := mine[1]; len(this.prose) > 0 {
		if j, ok := jaccard(a, theirs[1]); ok && j >= copiedShare {
			at := this.prose[0]
			report(Diagnostic{Span: at,
				Message: "全文文字与 " + ly + " 年度报告高度雷同（相似度 " + percent(j) + "）：年度报告应写本年度的情况，不得年年雷同",
				Related: []Related{{Span: last.prose[0], Doc: relatedDoc(last), Message: ly + " 年度报告的正文"}}})
		}
	}
}

// Prepare reads, once, what comparing the report with another year's takes most
// time for (the 4-grams of its prose). Comparing calls it anyway; a caller that
// compares many pairs may call it first for each report, on several goroutines.
func (s *Summary) Prepare() { s.gramSets() }

// gramSets are the 4-grams of the report's 五 and of its whole prose, read once: a
// report of a run is compared with last year's, and is last year's of the next.
func (s *Summary) gramSets() [2]gramSet {
	s.gramsOnce.Do(func() {
		s.grams = [2]gramSet{grams(s.Text, s.five), grams(s.Text, s.prose)}
	})
	return s.grams
}

func percent(j float64) string { return strconv.Itoa(int(j*100)) + "%" }

// gramSet is a set of character 4-grams, hashed, sorted, without repeats.
type gramSet []uint64

// grams reads the character 4-grams of spans of text: folded as labels are
// (traditional to simplified, full- to half-width, blanks dropped), each span on its
// own.
func grams(text string, spans []Span) gramSet {
	var out gramSet
	var win [4]rune
	for _, sp := range spans {
		n := 0
		for i := sp.Start; i < sp.End; {
			r, size := decodeRune(text, i)
			i += size
			f := foldRune(r)
			if f < 0 {
				continue
			}
			win[0], win[1], win[2], win[3] = win[1], win[2], win[3], f
			if n++; n >= 4 {
				h := uint64(14695981039346656037)
				for _, x := range win {
					h = (h ^ uint64(x)) * 1099511628211
				}
				out = append(out, h)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// jaccard is |a ∩ b| / |a ∪ b|; false when either is too short to tell.
func jaccard(a, b gramSet) (float64, bool) {
	if len(a) < copiedMin || len(b) < copiedMin {
		return 0, false
	}
	both := 0
	for i, k := 0, 0; i < len(a) && k < len(b); {
		switch {
		case a[i] == b[k]:
			both++
			i++
			k++
		case a[i] < b[k]:
			i++
		default:
			k++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both), true
}

// The Table 2 columns table2-carry reads, besides those of table2-implausible.
const (
	colItemsLastYear = "上一年项目数量" // 2019
	colItemsChange   = "本年增/减"   // 2019
)

// table2Carries are the stocks of Table 2 that carry over (C12): a column's value
// is last year's plus terms, each a column of this year's report or of last year's.
// Documents also lapse (有效期届满) or are cleared without being repealed, and items
// are cancelled or merged, so a difference is a hint.
var table2Carries = []table2Carry{
	{colInForce, []carryTerm{{colMade, false, 1, "加本年制发"}, {colRepealed, false, -1, "减本年废止"}}, carryHintDocuments}, // 2021
	{colItemsLastYear, []carryTerm{{colItemsChange, true, 1, "加其本年增/减"}},
		"：事项也会因取消、调整而变化，差额如是这样来的可不改，否则请核对"}, // 2019
	{colPublishedAll, []carryTerm{{colNewPublished, false, 1, "加本年新公开"}}, carryHintDocuments}, // 2019
}

// table2Carry is one stock that carries over: the column, its terms, and what the
// message adds about a difference.
type table2Carry struct {
	col   string
	terms []carryTerm
	hint  string
}

// carryTerm is one term of a carry: a column, of last year's report or this one's,
// added or taken away, and how the message says so.
type carryTerm struct {
	col   string
	last  bool
	sign  int64
	words string
}

const carryHintDocuments = "：文件也会因有效期届满失效或经清理废止而不计入，差额如是这样来的可不改，否则请核对"

// runTable2Carry checks table2Carries: 2021 现行有效件数 = last year's + 本年制发 −
// 本年废止; 2019 上一年项目数量 = last year's + its 本年增/减, and 对外公开总数量 =
// last year's + 本年新公开数量.
func runTable2Carry(this, last *Summary, report func(Diagnostic)) {
	get := func(s *Summary, c *summaryCell, col string) (*Cell, int64, bool) {
		if s == this && c.row.Columns[c.col] == col {
			return &c.cell, c.cell.Value, wholeCount(&c.cell)
		}
		row := c.row
		for i := range s.cells {
			x := &s.cells[i]
			if x.row.Table == Table2 && x.row.Label == row.Label && x.row.Item.Title == row.Item.Title && x.row.Columns[x.col] == col {
				ok := x.cell.Kind == CellNumber && x.cell.Scale == 0 && (x.cell.Value >= 0 || col == colItemsChange)
				return &x.cell, x.cell.Value, ok
			}
		}
		return nil, 0, false
	}
	ly := strconv.Itoa(last.Year)
cells:
	for i := range this.cells {
		c := &this.cells[i]
		if c.row.Table != Table2 {
			continue
		}
		k := slices.IndexFunc(table2Carries, func(tc table2Carry) bool { return tc.col == c.row.Columns[c.col] })
		if k < 0 {
			continue
		}
		carry := &table2Carries[k]
		now, v, ok1 := get(this, c, carry.col)
		lc, lv, ok2 := get(last, c, carry.col)
		if !ok1 || !ok2 {
			continue
		}
		label := "表二「" + c.row.Label + "」"
		want := lv
		msg := label + carry.col + " " + itoa(v) + "，按 " + ly + " 年度报告的 " + itoa(lv)
		for _, term := range carry.terms {
			from := this
			if term.last {
				from = last
			}
			_, tv, ok := get(from, c, term.col)
			if !ok {
				continue cells
			}
			want += term.sign * tv
			msg += " " + term.words + " " + itoa(tv)
		}
		if v == want {
			continue
		}
		d := Diagnostic{Span: now.Token, Message: msg + " 应为 " + itoa(want) + carry.hint,
			Related: []Related{{Span: lc.Token, Doc: relatedDoc(last), Message: ly + " 年度报告" + label + carry.col + "：" + itoa(lv)}}}
		_, d.Where = cellWhere(c.row, c.col)
		report(d)
	}
}
