package analysis

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// sectionKeywords tell which section a heading in nonstandard wording belongs to; a
// heading "N、…" is taken for section N only when its text has one of N's keywords.
// Bytes, because headings are folded into a buffer on the stack.
var sectionKeywords = [6][][]byte{
	{[]byte("总体"), []byte("概述"), []byte("基本情况")},
	{[]byte("主动公开")},
	{[]byte("申请")},
	{[]byte("复议"), []byte("诉讼")},
	{[]byte("问题"), []byte("改进")},
	{[]byte("其他"), []byte("其它")},
}

var annualReport = []byte("年度报告")

// maxHeadingBytes is room for a heading line folded: maxHeadingRunes of up to four
// bytes each; a longer fold (ASCII brackets widen) spills to the heap.
const maxHeadingBytes = 4 * maxHeadingRunes

// foldInto appends normLabel(s) to dst, whose bytes can then be compared with keys.
func foldInto(dst []byte, s string) []byte {
	b, normal := appendNorm(dst, s)
	if normal {
		// normLabel(s) is s itself, which differs from the fold only where s is not UTF-8.
		return append(b[:len(dst)], s...)
	}
	return b
}

// Normalised forms of the standard headings and of their bodies without the number.
var (
	headingKeys     [6]string
	headingBodyKeys [6]string
	longNameKeys    = map[string]SectionKind{}
)

func init() {
	for i, h := range SectionHeadings {
		headingKeys[i] = normLabel(h)
		_, body, _ := strings.Cut(h, "、")
		headingBodyKeys[i] = normLabel(body)
	}
	for name, k := range sectionLongNames {
		longNameKeys[normLabel(name)] = k
	}
	// The first characters of every heading key, and the numerals 一 to 六 a numbered
	// heading starts with.
	firsts := "一二三四五六"
	for _, k := range append(headingKeys[:], slices.Collect(maps.Keys(longNameKeys))...) {
		r, _ := utf8.DecodeRuneInString(k)
		if !strings.ContainsRune(firsts, r) {
			firsts += string(r)
		}
	}
	headingFirsts = firsts
}

// headingFirsts holds the characters a heading's key may start with.
var headingFirsts string

// maxHeadingRunes bounds a heading line: longer lines are narrative.
const maxHeadingRunes = 45

// headingMatch is a line recognised as a section heading.
type headingMatch struct {
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

// headingAt recognises a section heading in text[start:end]. It does not allocate:
// the reader asks of every short line.
func headingAt(text string, start, end int) (headingMatch, bool) {
	a, b := trimBlank(text, start, end)
	if a == b {
		return headingMatch{}, false
	}
	a, b = stripMarkup(text, a, b)
	s := text[a:b]
	if s == "" {
		return headingMatch{}, false
	}
	first, size := utf8.DecodeRuneInString(s)
	// A heading's key starts with one of a few characters: a line whose first
	// character folds to another is no heading, and need not be counted or folded.
	if f := foldRune(first); f >= 0 && !strings.ContainsRune(headingFirsts, f) {
		return headingMatch{}, false
	}
	// A rune is at most 4 bytes: longer lines are prose without counting.
	if len(s) > 4*maxHeadingRunes || utf8.RuneCountInString(s) > maxHeadingRunes || strings.Contains(s, "。") {
		return headingMatch{}, false
	}
	// Every short line of prose comes here: fold on the stack, and compare and look up
	// the bytes without making a string of them.
	var buf [maxHeadingBytes]byte
	key := foldInto(buf[:0], s)
	for i, h := range headingKeys {
		if string(key) == h {
			return headingMatch{kind: SectionKind(i + 1), token: Span{a, b}, standard: true}, true
		}
	}
	if k, ok := longNameKeys[string(key)]; ok {
		return headingMatch{kind: k, token: Span{a, b}, standard: true}, true
	}
	n := cjkNumeral(first)
	if n < 1 || n > 6 {
		return headingMatch{}, false
	}
	sep, sepSize := utf8.DecodeRuneInString(s[size:])
	switch sep {
	case '、', '，', ',', '.', '．', ' ', '　':
	default:
		return headingMatch{}, false
	}
	body := foldInto(buf[:0], s[size+sepSize:])
	if len(body) == 0 {
		return headingMatch{}, false
	}
	for _, kw := range sectionKeywords[n-1] {
		if bytes.Contains(body, kw) {
			return headingMatch{kind: SectionKind(n), token: Span{a, b}}, true
		}
	}
	// The standard wording under the wrong number is still that section's heading.
	for i, h := range headingBodyKeys {
		if string(body) == h {
			return headingMatch{kind: SectionKind(i + 1), token: Span{a, b}}, true
		}
	}
	return headingMatch{}, false
}

// titleOf recognises the report title (〈机关〉YYYY年（度）政府信息公开工作年度报告) and
// its year, which is 0 when the title has none.
func titleOf(text string, start, end int) (token Span, year int, ok bool) {
	a, b := trimBlank(text, start, end)
	a, b = stripMarkup(text, a, b)
	s := text[a:b]
	if s == "" || len(s) > 4*80 || utf8.RuneCountInString(s) > 80 || strings.Contains(s, "。") {
		return Span{}, 0, false
	}
	var buf [4 * 80]byte
	if !bytes.Contains(foldInto(buf[:0], s), annualReport) {
		return Span{}, 0, false
	}
	return Span{a, b}, yearIn(s, len(s)), true
}

// yearIn finds the first plausible report year ("2020年") in the first limit bytes of s.
func yearIn(s string, limit int) int {
	if limit > len(s) {
		limit = len(s)
	}
	for i := 0; i+4 < limit; i++ {
		if !isDigit(s[i]) || (i > 0 && isDigit(s[i-1])) {
			continue
		}
		if isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) && strings.HasPrefix(s[i+4:], "年") {
			y := int(s[i]-'0')*1000 + int(s[i+1]-'0')*100 + int(s[i+2]-'0')*10 + int(s[i+3]-'0')
			if y >= 2000 && y <= 2100 {
				return y
			}
		}
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// periodYear reads the year from the 统计期限 sentence ("本年度报告中所列数据的统计期限自
// 2020年1月1日起至2020年12月31日止"), written in simplified or traditional characters:
// the simplified sentence wins when both have a year. One search for "期限" finds
// both, so a report in traditional characters is not searched twice end to end.
func periodYear(text string) int {
	const simp, trad, term = "统计", "統計", "期限"
	at := [2]int{-1, -1} // where the sentence's year may follow: simplified, traditional
	for from := 0; at[0] < 0 || at[1] < 0; {
		i := indexByLast(text[from:], term)
		if i < 0 {
			break
		}
		i += from
		from = i + len(term)
		for k, kw := range [2]string{simp, trad} {
			if at[k] < 0 && strings.HasSuffix(text[:i], kw) {
				at[k] = from
			}
		}
	}
	for _, a := range at {
		if a >= 0 {
			if y := yearIn(text[a:], 90); y != 0 {
				return y
			}
		}
	}
	return 0
}

// indexByLast is strings.Index for a CJK word, found by its last byte: the first byte
// of a CJK character (0xE6 for 期) starts a third of the characters of a report, and
// strings.Index tries each, while a given last byte ends one in sixty-four.
func indexByLast(s, word string) int {
	last := word[len(word)-1]
	for i := len(word) - 1; i < len(s); i++ {
		j := strings.IndexByte(s[i:], last)
		if j < 0 {
			return -1
		}
		i += j
		if s[i+1-len(word):i+1] == word {
			return i + 1 - len(word)
		}
	}
	return -1
}
