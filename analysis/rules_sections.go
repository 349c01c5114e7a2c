package analysis

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The bodies of the rules that read what a section says (readsProse): whether 六
// reports 信息处理费, whether 五 and 六 say anything, how long 一 is. They read the
// report's Sections, Prose, Text, Year and Format only, so that an update reruns
// them on the report moved across an edit (see movedReport).

// sectionKey is the folded prose of section s (traditional characters simplified,
// spaces and quotation marks dropped; see appendKey), for looking words up in it,
// and how many non-blank characters it has.
func sectionKey(rep *Report, s *Section, buf []byte) ([]byte, int) {
	n := 0
	for _, sp := range rep.Prose(s) {
		buf = appendKey(buf, rep.Text[sp.Start:sp.End])
		for _, r := range rep.Text[sp.Start:sp.End] {
			if !isBlankRune(r) {
				n++
			}
		}
	}
	return buf, n
}

// feeSentence is the sentence the fix of fee-not-reported inserts.
func feeSentence(year int) string {
	return strconv.Itoa(year) + "年，本机关未收取信息处理费。"
}

func runFeeNotReported(p *pass) {
	rep := p.rep
	if rep.Format != Format2021 {
		return
	}
	var buf [512]byte
	for _, s := range rep.Sections {
		if s.Kind != 6 {
			continue
		}
		key, _ := sectionKey(rep, s, buf[:0])
		// 收费 alone is not enough: 行政事业性收费 is another thing (research C2).
		if strings.Contains(string(key), "处理费") {
			continue
		}
		example := "「2022年，本机关未收取信息处理费。」"
		if rep.Year > 0 {
			example = "「" + feeSentence(rep.Year) + "」"
		}
		d := Diagnostic{Span: s.Heading, Where: sectionWhere(6),
			Message: "2021 年版格式要求在第六部分专门报告收取信息处理费的情况（如" + example + "），第六部分未提及信息处理费"}
		if rep.Year > 0 {
			// It states a fact, so it is offered, never applied by fix-all.
			d.Fixes = []Fix{{Title: "插入" + example + "（请先核实本年确未收取）", Edits: []Edit{feeInsertion(rep, s)}}}
		}
		p.report(d)
	}
}

// feeInsertion inserts the fee sentence as a paragraph of its own after the last
// paragraph of section s, or after its heading when it has none, separated as the
// text separates its paragraphs there (a blank line or a line break, CRLF when the
// text uses it).
func feeInsertion(rep *Report, s *Section) Edit {
	text := rep.Text
	prose := rep.Prose(s)
	// A closing (the agency's name, the date) may end the section: the sentence goes
	// before it.
	for len(prose) > 0 && closingLine(text[prose[len(prose)-1].Start:prose[len(prose)-1].End]) {
		prose = prose[:len(prose)-1]
	}
	var at, prev int // the end of the line to insert after, and of the line before it
	if len(prose) > 0 {
		last := prose[len(prose)-1]
		_, at = lineAround(text, last.Start, last.End)
		if len(prose) > 1 {
			prev = prose[len(prose)-2].End
		} else {
			prev = s.Heading.End
		}
		prev = lineEndAfter(text, prev)
	} else {
		_, at = lineAround(text, s.Heading.Start, s.Heading.End)
		prev = -1
	}
	eol := lineBreakNear(text, at)
	sep := eol
	if prev >= 0 && prev < at {
		// The gap between the last two paragraphs tells whether paragraphs are
		// separated by a blank line (Markdown) or stand on consecutive lines.
		if blankLineBetween(text, prev, lineStart(text, at)) {
			sep = eol + eol
		}
	} else if blankLineBefore(text, lineStart(text, s.Heading.Start)) {
		sep = eol + eol
	}
	return Edit{Span: Span{at, at}, NewText: sep + feeSentence(rep.Year)}
}

// closingLine reports whether a paragraph is part of a report's closing: a date
// alone (2022年1月20日) or a short line naming an agency, with no sentence in it.
func closingLine(s string) bool {
	if runeCount(s) > 30 || strings.ContainsAny(s, "。，,；;：:") {
		return false
	}
	t := strings.TrimRightFunc(s, isBlankRune)
	if strings.HasSuffix(t, "日") && strings.Contains(t, "年") && strings.Contains(t, "月") {
		return true
	}
	for _, suffix := range []string{"政府", "办公室", "辦公室", "局", "委员会", "委員會", "管委会", "管委會", "办事处", "辦事處", "镇", "鎮", "乡", "鄉"} {
		if strings.HasSuffix(t, suffix) {
			return true
		}
	}
	return false
}

// lineEndAfter returns the end of the line holding offset i (before its line break).
func lineEndAfter(text string, i int) int {
	if j := strings.IndexAny(text[i:], "\r\n"); j >= 0 {
		return i + j
	}
	return len(text)
}

// lineBreakNear returns the line break that ends the line ending at at, or, at the end
// of the text, the last one before: "\r\n", "\n" or "\r".
func lineBreakNear(text string, at int) string {
	if at == len(text) {
		at = strings.LastIndexAny(text, "\r\n")
		if at < 0 {
			return "\n"
		}
		if text[at] == '\n' && at > 0 && text[at-1] == '\r' {
			at--
		}
	}
	switch {
	case strings.HasPrefix(text[at:], "\r\n"):
		return "\r\n"
	case text[at] == '\r':
		return "\r"
	}
	return "\n"
}

// lineBreaks counts the line breaks in s, "\r\n" as one.
func lineBreaks(s string) int {
	return strings.Count(s, "\n") + strings.Count(s, "\r") - strings.Count(s, "\r\n")
}

// blankLineBetween reports whether text[a:b] (from a line end to a line start) holds
// a line with nothing on it.
func blankLineBetween(text string, a, b int) bool {
	if !isBlank(text[a:b]) {
		return false
	}
	return lineBreaks(text[a:b]) >= 2
}

// blankLineBefore reports whether the line starting at ls follows a blank line.
func blankLineBefore(text string, ls int) bool {
	i := ls
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if !isBlankRune(r) {
			break
		}
		i -= size
	}
	return lineBreaks(text[i:ls]) >= 2
}

// The words that say a problem and a measure in 五 (research C6 b). 将 counts as a
// measure only before a verb of doing: 「将政务公开纳入考核」 reports what was done.
var (
	// The research's five, and the phrasings of a shortcoming reports use instead
	// (「答复质量有待提升」「解读形式较为单一」).
	problemWords = []string{"问题", "不足", "短板", "差距", "薄弱", "有待", "不够", "欠缺", "滞后", "不到位", "单一", "不规范", "不完善", "不及时"}
	measureWords = []string{"改进", "措施", "下一步", "整改", "加强", "提升"}
	willVerbs    = []string{"继续", "进一步", "持续", "不断", "着力", "切实", "认真", "加大", "加快", "推进", "推动", "完善", "健全", "建立", "强化", "做好", "积极", "深化", "优化"}
)

// sectionContentMin is the fewest non-blank characters a 五 that says something has.
const sectionContentMin = 30

func runSectionContent(p *pass) {
	rep := p.rep
	var buf [2048]byte
	for _, s := range rep.Sections {
		if s.Kind != 5 && s.Kind != 6 {
			continue
		}
		name := "第" + numerals[s.Kind-1] + "部分"
		keyBytes, n := sectionKey(rep, s, buf[:0])
		key := string(keyBytes)
		d := Diagnostic{Span: s.Heading, Where: sectionWhere(s.Kind)}
		switch {
		case n == 0 && hasTable(rep, s):
			continue // a table is content, though not prose
		case n == 0:
			d.Message = name + "没有内容"
			if s.Kind == 5 {
				d.Message += "，请写明本年工作存在的主要问题和改进措施"
			} else {
				d.Message += "，没有需要报告的事项时写「无」"
			}
		case s.Kind == 6:
			// 「无」 is a full answer for 六; the 2021 format's fee statement is
			// fee-not-reported's.
			continue
		case key == "无" || key == "无.":
			d.Message = name + "只写了「无」，格式要求实事求是写明存在的主要问题和改进措施"
		case n < sectionContentMin:
			d.Message = name + "只有 " + strconv.Itoa(n) + " 个字，请具体写明存在的主要问题和改进措施"
		default:
			var missing []string
			if !containsAny(key, problemWords...) {
				missing = append(missing, "存在的问题（如「存在……不足」）")
			}
			if !containsAny(key, measureWords...) && !willDo(key) {
				missing = append(missing, "改进措施（如「下一步，将……」）")
			}
			if len(missing) == 0 {
				continue
			}
			d.Severity = SeverityInfo
			d.Message = name + "未写明" + strings.Join(missing, "和")
		}
		p.report(d)
	}
}

// hasTable reports whether one of the report's tables lies in section s.
func hasTable(rep *Report, s *Section) bool {
	for _, t := range rep.Tables {
		if s.Start <= t.Start && t.Start < s.End {
			return true
		}
	}
	return false
}

// willDo reports whether key has 将 before a verb of doing.
func willDo(key string) bool {
	for i := 0; ; {
		j := strings.Index(key[i:], "将")
		if j < 0 {
			return false
		}
		i += j + len("将")
		for _, v := range willVerbs {
			if strings.HasPrefix(key[i:], v) {
				return true
			}
		}
	}
}

// overviewMaxDefault is the length the 2021 format sets for 一: 「篇幅原则上不超过一千字」.
const overviewMaxDefault = 1000

func runOverviewLength(p *pass) {
	rep := p.rep
	if rep.Format != Format2021 {
		return
	}
	max := p.opts.OverviewMax
	if max <= 0 {
		max = overviewMaxDefault
	}
	for _, s := range rep.Sections {
		if s.Kind != 1 {
			continue
		}
		n := 0
		for _, sp := range rep.Prose(s) {
			n += wordCount(rep.Text[sp.Start:sp.End])
		}
		if n <= max {
			continue
		}
		msg := "总体情况约 " + strconv.Itoa(n) + " 字（按 Word 字数统计），"
		if max == overviewMaxDefault {
			msg += "格式要求篇幅原则上不超过一千字，请精简"
		} else {
			msg += "超过设定的 " + strconv.Itoa(max) + " 字，请精简"
		}
		p.report(Diagnostic{Span: s.Heading, Where: sectionWhere(1), Message: msg})
	}
}

// wordCount counts s as Word's 字数 does: each Chinese character and each
// full-width or Chinese punctuation mark one, each run of other characters (ASCII
// letters, digits and marks: 2021, AI, 12345) one, blanks nothing.
func wordCount(s string) int {
	n := 0
	inRun := false
	for i := 0; i < len(s); {
		r, size := decodeRune(s, i)
		i += size
		switch {
		case isBlankRune(r):
			inRun = false
		case isWideRune(r):
			n++
			inRun = false
		case !inRun:
			n++
			inRun = true
		}
	}
	return n
}

// isWideRune reports the characters Word counts one by one: Chinese, Japanese and
// Korean characters, CJK and full-width punctuation, and the general punctuation
// Chinese text uses (“” ‘’ …… ——).
func isWideRune(r rune) bool {
	switch {
	case r < 0x2000:
		return false
	case r >= 0x2000 && r <= 0x206F, // general punctuation
		r >= 0x2E80 && r <= 0x9FFF, // CJK radicals, punctuation, kana, ideographs
		r >= 0xAC00 && r <= 0xD7AF, // Hangul
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFFEF: // full-width forms
		return true
	}
	return unicode.Is(unicode.Han, r)
}
