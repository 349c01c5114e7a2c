package analysis

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The bodies of the rules that read the years and dates a report writes in its
// prose: year-mismatch (years left from an older report) and late-report (a date
// after the deadline to publish). Both read prose (readsProse): the paragraphs
// before the first section heading and those of the sections, never the document.

// knownYear is the report year when the report itself states it: in its title or
// its 统计期限 sentence. A year guessed from the first 「YYYY年」 of section 一 is too
// weak to call other years wrong.
func knownYear(rep *Report) int {
	if rep.YearSource == "title" || rep.YearSource == "period" {
		return rep.Year
	}
	return 0
}

// headProse returns the paragraphs before the first section heading (all of them
// when there is none), but the title and table rows: where the 统计期限 sentence and
// a page's 发布日期 usually stand. An update answers no edit there cheaply (see
// proseEdit), so reading them keeps Update equal to Check.
func headProse(rep *Report) []Span {
	end := len(rep.Text)
	if len(rep.Sections) > 0 {
		end = rep.Sections[0].Heading.Start
	}
	var out []Span
	for _, p := range rep.paragraphs {
		if p.End > end {
			break
		}
		if rep.Title != (Span{}) && p.Start < rep.Title.End && rep.Title.Start < p.End {
			continue
		}
		if rep.inTable(p) {
			continue
		}
		out = append(out, p)
	}
	return out
}

// digitBefore reports whether a digit ends just before s[i].
func digitBefore(s string, i int) bool {
	if i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
		return true
	}
	d, _ := digitAt(s, i-3)
	return d >= 0
}

// digitsAt reads a run of at most most digits at s[i]: its value, its end, how
// many digits and whether they are full-width.
func digitsAt(s string, i, most int) (v, end, n int, wide bool) {
	end = i
	for n < most {
		d, size := digitAt(s, end)
		if d < 0 {
			break
		}
		wide = size > 1
		v, end, n = v*10+d, end+size, n+1
	}
	return v, end, n, wide
}

// skipBlanks skips spaces, ideographic spaces and no-break spaces from s[i].
func skipBlanks(s string, i int) int {
	for i < len(s) {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			i++
		case strings.HasPrefix(s[i:], "\u3000"):
			i += len("\u3000")
		case strings.HasPrefix(s[i:], "\u00a0"):
			i += len("\u00a0")
		default:
			return i
		}
	}
	return i
}

// yearAt reads 「YYYY年」 at s[i] (blanks allowed before 年): the year, the end of
// its digits, whether they are full-width, and the offset after 年.
func yearAt(s string, i int) (y, digitsEnd int, wide bool, after int, ok bool) {
	if digitBefore(s, i) {
		return 0, 0, false, 0, false
	}
	y, digitsEnd, n, wide := digitsAt(s, i, 4)
	if n != 4 || y < 2000 || y > 2100 {
		return 0, 0, false, 0, false
	}
	if d, _ := digitAt(s, digitsEnd); d >= 0 {
		return 0, 0, false, 0, false
	}
	k := skipBlanks(s, digitsEnd)
	if !strings.HasPrefix(s[k:], "年") {
		return 0, 0, false, 0, false
	}
	return y, digitsEnd, wide, k + len("年"), true
}

// yearText writes year y in the digits the report used.
func yearText(y int, wide bool) string {
	s := strconv.Itoa(y)
	if !wide {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		b.WriteRune(c - '0' + '０')
	}
	return b.String()
}

// statedDate is a date the report writes, with the span of its year's digits.
type statedDate struct {
	y, m, d int
	year    Span
	wide    bool
	end     int // offset after the date, in the string read
}

func (d statedDate) ymd() int { return d.y*10000 + d.m*100 + d.d }

func (d statedDate) String() string { return ymdString(d.y, d.m, d.d) }

func ymdString(y, m, d int) string {
	return strconv.Itoa(y) + "年" + strconv.Itoa(m) + "月" + strconv.Itoa(d) + "日"
}

// dateAt reads a date at s[i]: 「YYYY年M月D日」 (blanks allowed between its parts) or,
// when numeric is set, YYYY-MM-DD with - / or . between the parts, as pages print a
// 发布日期. Offsets in the result are s's.
func dateAt(s string, i int, numeric bool) (statedDate, bool) {
	var dt statedDate
	if digitBefore(s, i) {
		return dt, false
	}
	y, ye, n, wide := digitsAt(s, i, 4)
	if n != 4 {
		return dt, false
	}
	if d, _ := digitAt(s, ye); d >= 0 {
		return dt, false
	}
	dt.y, dt.year, dt.wide = y, Span{i, ye}, wide
	k := skipBlanks(s, ye)
	part := func(unit string) (int, bool) {
		k = skipBlanks(s, k)
		v, e, n, _ := digitsAt(s, k, 2)
		if n == 0 {
			return 0, false
		}
		k = skipBlanks(s, e)
		if !strings.HasPrefix(s[k:], unit) {
			return 0, false
		}
		k += len(unit)
		return v, true
	}
	switch {
	case strings.HasPrefix(s[k:], "年"):
		k += len("年")
		var ok1, ok2 bool
		dt.m, ok1 = part("月")
		dt.d, ok2 = part("日")
		if !ok1 || !ok2 {
			return dt, false
		}
	case numeric && k == ye && k < len(s) && (s[k] == '-' || s[k] == '/' || s[k] == '.'):
		sep := s[k : k+1]
		k++
		m, e, n, _ := digitsAt(s, k, 2)
		if n == 0 || !strings.HasPrefix(s[e:], sep) {
			return dt, false
		}
		d, e2, n2, _ := digitsAt(s, e+1, 2)
		if n2 == 0 {
			return dt, false
		}
		if x, _ := digitAt(s, e2); x >= 0 {
			return dt, false
		}
		dt.m, dt.d, k = m, d, e2
	default:
		return dt, false
	}
	if y < 2000 || y > 2100 || dt.m < 1 || dt.m > 12 || dt.d < 1 || dt.d > daysIn(y, dt.m) {
		return dt, false
	}
	dt.end = k
	return dt, true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateLabels are the words before a date that say it is the report's own: a page's
// metadata pasted with the text.
var dateLabels = []string{"发布日期", "发布时间", "成文日期", "公开日期", "發布日期", "發布時間"}

// maxDateLine is the longest paragraph, in bytes, searched for a labelled date: a
// page's line of metadata (「发布时间：2024-03-08 来源：…  浏览次数：…」).
const maxDateLine = 300

// dateWhat names a labelled date in messages.
var dateWhat = strings.NewReplacer("时间", "日期", "時間", "日期", "發", "发")

// reportDate is a date that dates the report itself, and what it is called.
type reportDate struct {
	statedDate
	what string
}

// reportDates returns the dates that date the report: a paragraph that is only a
// date (the 落款 under the signature) or a labelled 发布日期 (「发布时间：2024-03-08」),
// before the first section or in the last section — never a date inside narrative.
// Offsets are the text's.
func reportDates(rep *Report) []reportDate {
	var out []reportDate
	paras := headProse(rep)
	if n := len(rep.Sections); n > 0 {
		paras = append(paras, rep.Prose(rep.Sections[n-1])...)
	}
	// A page's 「发布时间：…」 line just above the title is read as part of a title
	// split over lines: its labelled date counts, a bare date line there does not.
	labelledOnly := 0
	if rep.Title != (Span{}) {
		for _, p := range rep.paragraphs {
			if p.Start >= rep.Title.End {
				break
			}
			if rep.Title.Start < p.End {
				paras = append(paras, p)
				labelledOnly++
			}
		}
	}
	text := rep.Text
	for i, p := range paras {
		a, b := stripMarkup(text, p.Start, p.End)
		if b-a <= 4*16 && i < len(paras)-labelledOnly {
			if dt, ok := dateAt(text[:b], a, false); ok && skipBlanks(text[:b], dt.end) == b {
				out = append(out, reportDate{dt, "落款日期"})
				continue
			}
		}
		s := text[p.Start:p.End]
		if len(s) > maxDateLine {
			continue // a page's metadata line is short; prose is not searched
		}
		for _, label := range dateLabels {
			i := strings.Index(s, label)
			if i < 0 {
				continue
			}
			k := skipBlanks(s, i+len(label))
			n := colonLen(s, k)
			if n == 0 {
				continue
			}
			k = skipBlanks(s, k+n)
			if dt, ok := dateAt(s, k, true); ok {
				dt.year = Span{p.Start + dt.year.Start, p.Start + dt.year.End}
				dt.end += p.Start
				out = append(out, reportDate{dt, dateWhat.Replace(label)})
				break
			}
		}
	}
	return out
}

// openings returns where a sentence may open in the clause text[a:b]: its start
// and after each colon (「（二）改进措施：2023年，我区将…」).
func openings(text string, a, b int) []int {
	out := []int{a}
	for i := a; i < b; i++ {
		if n := colonLen(text[:b], i); n > 0 {
			out = append(out, skipBlanks(text[:b], i+n))
		}
	}
	return out
}

// colonLen is the length of the colon, full-width or ASCII, at s[k:]; 0 when there
// is none.
func colonLen(s string, k int) int {
	switch {
	case strings.HasPrefix(s[k:], ":"):
		return 1
	case strings.HasPrefix(s[k:], "："):
		return len("：")
	}
	return 0
}

// reportYear reports one stray year: where its digits are and what to say.
func (p *pass) reportYear(digits Span, wide bool, sev Severity, want int, where, msg string, related []Related) {
	d := Diagnostic{Span: digits, Severity: sev, Where: where, Message: msg, Related: related}
	if want != 0 {
		w := strconv.Itoa(want)
		d.Fixes = []Fix{{Title: "改为 " + w, Edits: []Edit{{Span: digits, NewText: yearText(want, wide)}}}}
	}
	p.report(d)
}

// yearOrigin says where the report year was read, for messages.
func yearOrigin(rep *Report) string {
	if rep.YearSource == "title" {
		return "标题是 " + strconv.Itoa(rep.Year) + " 年度报告"
	}
	return "统计期限是 " + strconv.Itoa(rep.Year) + " 年"
}

func runYearMismatch(p *pass) {
	rep := p.rep
	y := knownYear(rep)
	if y == 0 {
		return
	}
	ys := strconv.Itoa(y)
	var titleRel []Related
	if rep.YearSource == "title" {
		titleRel = []Related{{Span: rep.Title, Message: "标题：" + ys + " 年度"}}
		// (a) The 统计期限 sentence, before the sections or in any of them. With no
		// year in the title the sentence is where the year came from.
		p.periodYears(y, titleRel)
	}
	text := rep.Text
	if rep.Format == Format2021 {
		// (b) 「YYYY年，无收取信息处理费情况。」 in 六. The text is searched rather than
		// the prose of 六 read: the words are rare, paragraphs many.
		lastClause := -1
		for _, word := range [...]string{"信息处理费", "信息處理費"} {
			for from := 0; ; {
				i := strings.Index(text[from:], word)
				if i < 0 {
					break
				}
				at := from + i
				from = at + len(word)
				if s := rep.SectionAt(at); s == nil || s.Kind != 6 {
					continue
				}
				sp, ok := proseAt(rep, at)
				if !ok {
					continue
				}
				a, b := clauseAround(text, sp, at)
				if a == lastClause {
					continue
				}
				lastClause = a
				if c := text[a:b]; strings.Contains(c, "将") || strings.Contains(c, "將") {
					continue // what will be done, not what was
				}
				for _, at := range openings(text, a, b) {
					fy, de, wide, after, ok := yearAt(text[:b], at)
					if !ok || fy == y {
						continue
					}
					after = skipPrefix(text[:b], after, "度")
					if !strings.HasPrefix(text[after:b], "，") && !strings.HasPrefix(text[after:b], ",") {
						continue
					}
					p.reportYear(Span{at, de}, wide, SeverityWarning, y, sectionWhere(6),
						"信息处理费情况写的是 "+strconv.Itoa(fy)+" 年，"+yearOrigin(rep)+"：应为 "+ys+" 年", titleRel)
				}
			}
		}
	}
	for _, s := range rep.Sections {
		if s.Kind != 5 {
			continue
		}
		// (d) 「YYYY年，我区将采取以下措施」: next year's plans. Each 将 is looked at in
		// its clause, rather than every clause read.
		for _, sp := range rep.Prose(s) {
			lastClause := -1
			for from := sp.Start; ; {
				i := strings.Index(text[from:sp.End], "将")
				if i < 0 {
					break
				}
				at := from + i
				from = at + len("将")
				a, b := clauseAround(text, sp, at)
				if a == lastClause {
					continue
				}
				lastClause = a
				for _, at := range openings(text, a, b) {
					fy, de, wide, ok := planYear(text[:b], at)
					if !ok || fy > y {
						continue
					}
					p.reportYear(Span{at, de}, wide, SeverityInfo, y+1, sectionWhere(5),
						"改进措施写的是 "+strconv.Itoa(fy)+" 年将做的事，"+yearOrigin(rep)+"：应为下一年 "+strconv.Itoa(y+1)+" 年", titleRel)
				}
			}
		}
	}
	// (c) A report dated before its year ended. A date a year or more late is
	// late-report's: the same date is not reported twice.
	var dl *due
	for _, dt := range reportDates(rep) {
		if dt.y > y {
			continue
		}
		if dl == nil {
			d := deadline(rep, y)
			dl = &d
		}
		fix := 0
		if (y+1)*10000+dt.m*100+dt.d <= dl.ymd {
			// The year set to y+1 must not make the report late: no fix then.
			fix = y + 1
		}
		p.reportYear(dt.year, dt.wide, SeverityWarning, fix, "",
			dt.what+" "+dt.String()+" 早于报告年度结束（"+ys+"年12月31日），"+yearOrigin(rep)+"：年份应为 "+strconv.Itoa(y+1), titleRel)
	}
}

// proseAt returns the paragraph of prose that holds offset at, from after the
// heading that opens it if one does: what headProse or Prose give. It is false
// when at is in a table, the title or a heading.
func proseAt(rep *Report, at int) (Span, bool) {
	ps := rep.paragraphs
	i := sort.Search(len(ps), func(i int) bool { return ps[i].End > at })
	if i == len(ps) || ps[i].Start > at {
		return Span{}, false
	}
	sp := ps[i]
	if rep.Title != (Span{}) && sp.Start < rep.Title.End && rep.Title.Start < sp.End {
		return Span{}, false
	}
	for _, s := range rep.Sections {
		if s.Heading.Start >= sp.End {
			break
		}
		if sp.Start <= s.Heading.Start {
			if at < s.Heading.End {
				return Span{}, false
			}
			sp.Start = s.Heading.End
		}
	}
	if rep.inTable(ps[i]) {
		return Span{}, false
	}
	return sp, true
}

// clauseAround returns the clause of paragraph sp that holds offset at: from
// after the stop (。；！？) before it to the stop after it, leading blanks skipped.
func clauseAround(text string, sp Span, at int) (int, int) {
	a := sp.Start
	for i := at - 1; i >= sp.Start; i-- {
		if n := stopSize(text, i); n > 0 {
			a = i + n
			break
		}
	}
	b := sp.End
	for i := at; i < sp.End; i++ {
		if stopSize(text, i) > 0 {
			b = i
			break
		}
	}
	return skipBlanks(text[:b], a), b
}

// stopSize is the size of the clause stop (。；！？ ; ! ?) at s[i], 0 when there is
// none. Byte by byte: strings.IndexAny takes each rune of s in turn when the set
// is not ASCII, which was most of these rules' time.
func stopSize(s string, i int) int {
	switch s[i] {
	case ';', '!', '?':
		return 1
	case 0xE3: // 。 U+3002
		if i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x82 {
			return 3
		}
	case 0xEF: // ； U+FF1B, ！ U+FF01, ？ U+FF1F
		if i+2 < len(s) && s[i+1] == 0xBC && (s[i+2] == 0x9B || s[i+2] == 0x81 || s[i+2] == 0x9F) {
			return 3
		}
	}
	return 0
}

func skipPrefix(s string, i int, prefix string) int {
	if strings.HasPrefix(s[i:], prefix) {
		return i + len(prefix)
	}
	return i
}

// periodYears reports each year of a 统计期限 sentence in the prose that is not y.
// The text is searched, as periodYear does, rather than every paragraph read.
func (p *pass) periodYears(y int, related []Related) {
	rep := p.rep
	s := rep.Text
	for from := 0; ; {
		i := strings.Index(s[from:], "限")
		if i < 0 {
			break
		}
		at := from + i
		from = at + len("限")
		before := s[:at]
		if !(strings.HasSuffix(before, "统计期") || strings.HasSuffix(before, "统计时") ||
			strings.HasSuffix(before, "統計時") || strings.HasSuffix(before, "統計期")) {
			continue
		}
		sp, ok := proseAt(rep, at)
		if !ok || sp.Start > at-len("统计期") {
			continue
		}
		end := sp.End
		if j := strings.IndexAny(s[from:end], "。；;"); j >= 0 {
			end = from + j
		}
		end = min(end, from+240)
		for k := from; k < end; {
			py, de, wide, after, ok := yearAt(s[:end], k)
			if !ok {
				_, size := utf8.DecodeRuneInString(s[k:])
				k += size
				continue
			}
			if py != y {
				p.reportYear(Span{k, de}, wide, SeverityError, y, "统计期限",
					"统计期限写的是 "+strconv.Itoa(py)+" 年，标题是 "+strconv.Itoa(y)+" 年度报告：请统一年份", related)
			}
			k = after
		}
	}
}

// planWords follow 将 when it says what will be done (将继续…), not what was done
// to something (将政务公开纳入考核).
var planWords = []string{"继续", "进一步", "采取", "持续", "着力", "重点", "围绕", "加强", "不断", "认真", "全面",
	"聚焦", "深入", "切实", "坚持", "加大", "做好", "严格", "积极", "从以下", "按照", "努力", "紧扣", "紧紧", "着重", "针对", "在"}

// planYear reads a clause at s[a:] that opens with 「YYYY年，我…将」 and a word of
// planning: the year, the end of its digits, whether full-width.
func planYear(s string, a int) (y, digitsEnd int, wide bool, ok bool) {
	y, de, wide, after, ok := yearAt(s, a)
	if !ok {
		return 0, 0, false, false
	}
	after = skipPrefix(s, after, "度")
	switch {
	case strings.HasPrefix(s[after:], "，"):
		after += len("，")
	case strings.HasPrefix(s[after:], ","):
		after++
	default:
		return 0, 0, false, false
	}
	rest := s[after:]
	if !strings.HasPrefix(rest, "我") {
		return 0, 0, false, false
	}
	i := strings.Index(rest, "将")
	if i < 0 || runeCount(rest[:i]) > 8 {
		return 0, 0, false, false
	}
	rest = rest[i+len("将"):]
	for _, w := range planWords {
		if strings.HasPrefix(rest, w) {
			return y, de, wide, true
		}
	}
	return 0, 0, false, false
}

// agencyKind is what kind of body a report is of, as far as its deadline goes.
type agencyKind uint8

const (
	// agencyOther: a people's government (本级政府 report, which may sum up its
	// departments') or a body the title does not tell; the looser deadline.
	agencyOther agencyKind = iota
	// agencyDepartment: a department of a government (…局, …委员会, …办公室).
	agencyDepartment
	// agencyTownship: a 乡, 镇 or 街道.
	agencyTownship
)

// kindOf tells the kind of a body by its name.
func kindOf(name string) agencyKind {
	hasSuffix := func(s string, ws ...string) bool {
		for _, w := range ws {
			if strings.HasSuffix(s, w) {
				return true
			}
		}
		return false
	}
	base := strings.TrimSuffix(strings.TrimSuffix(name, "人民政府"), "政府")
	switch {
	case name == "":
		return agencyOther
	case hasSuffix(base, "乡", "镇", "鄉", "鎮", "街道", "街道办事处", "街道辦事處", "街道办", "苏木"):
		return agencyTownship
	case base != name || strings.Contains(name, "政府"):
		// A government, or its office, which often publishes the government's own
		// report: the looser deadline.
		return agencyOther
	case hasSuffix(name, "管委会", "管理委员会", "管委會", "管理委員會"):
		// A development zone's committee acts as its government.
		return agencyOther
	case hasSuffix(name, "局", "委员会", "委員會", "委", "办公室", "辦公室", "办公厅", "辦公廳", "办", "辦", "中心", "厅", "廳", "署"):
		return agencyDepartment
	}
	return agencyOther
}

// due is the deadline to publish a report, and for whom it holds.
type due struct {
	ymd  int
	text string
	who  string // whose deadline it is, as a clause
}

// deadline is the last day to publish the report of year y: 31 January of the next
// year for a department, 乡镇 and 街道 (条例第四十九条; the 2019 notice), 31 March for
// a people's government's own report, which sums up its departments'; 31 March
// also when the title does not tell, or a department's report says it sums up
// others' (汇总).
func deadline(rep *Report, y int) due {
	kind := kindOf(readAgency(rep.Text, rep.Title).name)
	if kind == agencyDepartment && sumsUp(rep) {
		kind = agencyOther
	}
	switch kind {
	case agencyTownship:
		return due{(y+1)*10000 + 131, ymdString(y+1, 1, 31), "乡镇、街道应在次年1月31日前公布"}
	case agencyDepartment:
		return due{(y+1)*10000 + 131, ymdString(y+1, 1, 31), "政府部门应在次年1月31日前公布"}
	}
	return due{(y+1)*10000 + 331, ymdString(y+1, 3, 31), "本级政府及标题未写明机关类别的报告应在次年3月31日前公布"}
}

// sumsUp reports whether the report says, before its sections or in section 一,
// that it sums up other bodies' reports (汇总…编制).
func sumsUp(rep *Report) bool {
	paras := headProse(rep)
	for _, s := range rep.Sections {
		if s.Kind == 1 {
			paras = append(paras, rep.Prose(s)...)
			break
		}
	}
	for _, sp := range paras {
		if strings.Contains(rep.Text[sp.Start:sp.End], "汇总") || strings.Contains(rep.Text[sp.Start:sp.End], "匯總") {
			return true
		}
	}
	return false
}

func runLateReport(p *pass) {
	rep := p.rep
	y := knownYear(rep)
	if y == 0 {
		return
	}
	dates := reportDates(rep)
	if len(dates) == 0 {
		return
	}
	dl := deadline(rep, y)
	for _, dt := range dates {
		if dt.ymd() <= dl.ymd {
			continue
		}
		d := Diagnostic{Span: Span{dt.year.Start, dt.end}, Message: dt.what + " " + dt.String() + " 晚于法定公布期限 " + dl.text +
			"（" + dl.who + "）；日期写错的请更正"}
		if rep.Title != (Span{}) {
			d.Related = []Related{{Span: rep.Title, Message: "机关类别按标题确定"}}
		}
		p.report(d)
	}
}
