package analysis

import (
	"strings"
	"unicode/utf8"
)

// Section headings and the report title, as text: the reader asks whether a line is a
// heading (a heading ends a table and is never a cell), the matcher where the
// sections and the title are.

// sectionKeywords tell which section a heading in nonstandard wording belongs to; a
// heading "N、…" is taken for section N only when its text has one of N's keywords.
var sectionKeywords = [6][]string{
	{"总体", "概述", "基本情况"},
	{"主动公开"},
	{"申请"},
	{"复议", "诉讼"},
	{"问题", "改进"},
	{"其他", "其它"},
}

// Keys of the standard headings, of their bodies without the numeral, and of the long
// names.
var (
	headingKeys, headingBodyKeys = sectionHeadingKeys()
	longNameKeys                 = longSectionNameKeys()
)

func sectionHeadingKeys() (whole, body [6]string) {
	for i, h := range SectionHeadings {
		whole[i] = wordingKey(h)
		_, b, _ := strings.Cut(h, "、")
		body[i] = wordingKey(b)
	}
	return whole, body
}

func longSectionNameKeys() map[string]SectionKind {
	m := map[string]SectionKind{}
	for k, name := range sectionLongNames {
		m[wordingKey(name)] = k
	}
	return m
}

// headingFirsts holds what a heading's first character folds to.
const headingFirsts = "一二三四五六（"

// maxHeadingRunes bounds a heading line: longer lines are narrative.
const maxHeadingRunes = 45

// heading is a piece of text recognised as a section heading.
type heading struct {
	kind     SectionKind
	token    Span
	standard bool
}

// stripMarkup narrows [a,b) past Markdown heading marks, emphasis and the
// "[bookmark: _GoBack]" that Word exports leave in front of headings.
func stripMarkup(text string, a, b int) (int, int) {
	for {
		s := text[a:b]
		switch {
		case strings.HasPrefix(s, "#"):
			a += len(s) - len(strings.TrimLeft(s, "#"))
		case strings.HasPrefix(s, "**") && strings.HasSuffix(s, "**") && len(s) >= 4:
			a, b = a+2, b-2
		case strings.HasPrefix(s, "[bookmark:"):
			i := strings.IndexByte(s, ']')
			if i < 0 {
				return a, b
			}
			a += i + 1
		default:
			return a, b
		}
		a, b = trimBlank(text, a, b)
	}
}

// headingAt recognises text[start:end] as a section heading.
func headingAt(text string, start, end int) (heading, bool) {
	a, b := trimBlank(text, start, end)
	a, b = stripMarkup(text, a, b)
	s := text[a:b]
	if s == "" || len(s) > 4*maxHeadingRunes {
		return heading{}, false
	}
	// Every heading starts with a numeral, or with the bracket of 「（四）…」: most
	// lines are turned away here, unfolded.
	first, size := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune(headingFirsts, foldRune(first)) {
		return heading{}, false
	}
	if runeCount(s) > maxHeadingRunes || strings.Contains(s, "。") {
		return heading{}, false
	}
	key := foldKey(s)
	for i, h := range headingKeys {
		if key == h {
			return heading{kind: SectionKind(i + 1), token: Span{a, b}, standard: true}, true
		}
	}
	if first == '（' || first == '(' {
		// 「（四）因政府信息公开工作被申请…」: the notices' own numbering of the long names.
		rest := s[size:]
		if i := strings.IndexAny(rest, "）)"); i > 0 {
			numeral, _ := utf8.DecodeRuneInString(rest)
			_, closing := utf8.DecodeRuneInString(rest[i:])
			if n := cjkNumeral(numeral); n > 0 {
				if k, ok := longNameKeys[foldKey(rest[i+closing:])]; ok && int(k) == n {
					return heading{kind: k, token: Span{a, b}, standard: true}, true
				}
			}
		}
		return heading{}, false
	}
	n := cjkNumeral(first)
	if n < 1 || n > 6 {
		return heading{}, false
	}
	sep, sepSize := utf8.DecodeRuneInString(s[size:])
	switch sep {
	case '、', '，', ',', '.', '．', ' ', '　':
	default:
		return heading{}, false
	}
	body := foldKey(s[size+sepSize:])
	if body == "" {
		return heading{}, false
	}
	if k, ok := longNameKeys[body]; ok && int(k) == n {
		return heading{kind: k, token: Span{a, b}, standard: true}, true
	}
	for _, kw := range sectionKeywords[n-1] {
		if strings.Contains(body, kw) {
			return heading{kind: SectionKind(n), token: Span{a, b}}, true
		}
	}
	// The standard wording under the wrong numeral is still that section's heading.
	for i, h := range headingBodyKeys {
		if body == h {
			return heading{kind: SectionKind(i + 1), token: Span{a, b}}, true
		}
	}
	return heading{}, false
}

// isHeadingLine reports whether s, a whole line, is a section heading.
func isHeadingLine(s string) bool {
	_, ok := headingAt(s, 0, len(s))
	return ok
}

// titleWords reports whether s holds the words of a report title: 政府信息公开 and,
// after it, 年度报告, whatever stands around or between them ("平潭综合实验区2022年度
// 政府信息公开工作年度报告", or the same in traditional characters).
func titleWords(s string) bool {
	// 信息公 and 告 are written alike in simplified and traditional characters: a
	// line without them needs no folding, and most prose has no 告.
	if !strings.Contains(s, "告") || !strings.Contains(s, "信息公") {
		return false
	}
	k := foldKey(s)
	i := strings.Index(k, "政府信息公开")
	return i >= 0 && strings.Contains(k[i:], "年度报告")
}

// yearIn finds the first plausible report year ("2020年", "2020 年") in s.
func yearIn(s string) int {
	for i := 0; i+4 <= len(s); i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) || i+4 > len(s) {
			continue
		}
		if !(isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3])) {
			continue
		}
		rest := strings.TrimLeft(s[i+4:], " \u3000")
		if !strings.HasPrefix(rest, "年") {
			continue
		}
		y := int(s[i]-'0')*1000 + int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
		if y >= 2000 && y <= 2100 {
			return y
		}
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// periodYear reads the year from the 统计期限 sentence ("本年度报告中所列数据的统计期限自
// 2020年1月1日起至2020年12月31日止", also 统计时限), simplified or traditional.
func periodYear(text string) int {
	// One pass over the 限 that ends each term, not one per term over the whole
	// text: a year after 期限 wins over one after 时限, which wins over one after 時限,
	// each the first in the text.
	const limit = "限"
	found := [3]int{}
	for from := 0; ; {
		i := strings.Index(text[from:], limit)
		if i < 0 {
			break
		}
		end := from + i + len(limit)
		from = end
		term := -1
		for t, first := range [3]string{"期", "时", "時"} {
			if strings.HasSuffix(text[:end-len(limit)], first) {
				term = t
			}
		}
		if term < 0 || found[term] != 0 {
			continue
		}
		if before := text[:end-len(limit)-len("期")]; !strings.HasSuffix(before, "统计") && !strings.HasSuffix(before, "統計") {
			continue
		}
		if y := yearIn(text[end:min(len(text), end+120)]); y != 0 {
			if term == 0 {
				return y
			}
			found[term] = y
		}
	}
	if found[1] != 0 {
		return found[1]
	}
	return found[2]
}
