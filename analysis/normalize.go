package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nianbao/nianbao/internal/position"
)

// t2s maps the traditional forms of every character the templates use to their
// simplified forms. Labels are only ever compared with template wording, so a character
// outside that vocabulary can never make a label match and needs no entry. It is kept
// as a bitmap over the CJK block plus a sorted table, because a map lookup per
// character was a third of the time spent reading a report.
const t2sPairs = "萬万 業业 個个 為为 舉举 於于 會会 體体 關关 內内 決决 況况 減减 辦办 務务 動动 區区 單单 " +
	"發发 後后 國国 處处 復复 複复 審审 對对 屬属 廢废 開开 強强 當当 總总 執执 護护 報报 據据 數数 無无 " +
	"機机 權权 條条 構构 沒没 現现 確确 穩稳 類类 糾纠 納纳 組组 織织 經经 結结 統统 繼继 續续 維维 繳缴 " +
	"罰罚 範范 獲获 補补 規规 計计 認认 議议 記记 許许 訟讼 訪访 訴诉 詢询 請请 購购 費费 轉转 過过 這这 " +
	"進进 採采 鉤钩 鈎钩 問问 項项 題题 額额 號号 們们 係系 繫系"

const cjkFirst, cjkLast = 0x4E00, 0x9FFF

// t2sIndex holds, for each character of the CJK block, 1 + its index in t2sTo, or 0
// when it is not a traditional form we fold: one array load per character.
var (
	t2sIndex [cjkLast - cjkFirst + 1]uint8
	t2sTo    []rune
)

func init() {
	for _, p := range strings.Fields(t2sPairs) {
		r := []rune(p)
		if t2sIndex[r[0]-cjkFirst] != 0 {
			continue
		}
		t2sTo = append(t2sTo, r[1])
		t2sIndex[r[0]-cjkFirst] = uint8(len(t2sTo))
	}
}

// simplify returns the simplified form of a traditional template character, or r.
func simplify(r rune) rune {
	if r < cjkFirst || r > cjkLast {
		return r
	}
	if i := t2sIndex[r-cjkFirst]; i != 0 {
		return t2sTo[i-1]
	}
	return r
}

// isBlankRune reports the characters a blank cell may hold: spaces of every width
// (Word exports use U+2002 and U+3000 for padding), NBSP, and the invisible BOM and
// zero-width space that web pages leave behind.
func isBlankRune(r rune) bool {
	if r < 0x80 {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	if r > 0x3000 {
		// No Unicode space lies above U+3000: CJK text needs no table search.
		return r == 0xFEFF
	}
	return unicode.IsSpace(r) || r == 0x200B
}

// rune3 decodes the three-byte rune at s[i], which position.Plain3 has vouched for.
// Reading a report in traditional characters spent a twentieth of its time in the
// standard decoder, which takes anything but ASCII in a call; the loops that fold
// and trim text decode Chinese inline with this instead.
func rune3(s string, i int) rune {
	return rune(s[i]&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F)
}

func isBlankByte(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// asciiFold is foldRune for ASCII, as a table: most label bytes of a pasted report are
// ASCII digits, punctuation and spaces. A variable initialiser, not init, because other
// initialisers (labelAliases) already fold labels.
var asciiFold = func() (t [utf8.RuneSelf]rune) {
	for r := range t {
		t[r] = foldRuneSlow(rune(r))
	}
	return t
}()

// foldRune maps a rune to the form used for comparing labels: simplified characters,
// ASCII letters and digits, full-width punctuation as the templates write it, and the
// look-alike punctuation of Word and web exports collapsed. It returns -1 for runes
// labels ignore (spaces and quotes). Template wording folds to itself, so most labels
// need no new string (see normLabel).
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if r < 0 {
			return r
		}
		return asciiFold[r]
	}
	if r >= cjkFirst && r <= cjkLast {
		// An ideograph is neither space nor punctuation: only the t2s table applies.
		return simplify(r)
	}
	return foldRuneSlow(r)
}

func foldRuneSlow(r rune) rune {
	if r < 0x80 {
		switch r {
		case ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'':
			return -1
		case '(':
			return '（'
		case ')':
			return '）'
		case ',':
			return '，'
		case ':':
			return '：'
		case ';':
			return '；'
		}
		return r
	}
	if r >= 0xFF01 && r <= 0xFF5E { // full-width ASCII: letters and digits to ASCII
		switch r {
		case '（', '）', '，', '：', '；':
			return r
		}
		return foldRuneSlow(r - 0xFEE0)
	}
	if isBlankRune(r) {
		return -1
	}
	switch r {
	case '“', '”', '‘', '’', '「', '」', '『', '』', '″':
		return -1
	case '。': // only in sub-row numbers and stray stops; "1。" is "1."
		return '.'
	case '—', '–', '﹣', '−':
		return '-'
	case '〔', '【':
		return '['
	case '〕', '】':
		return ']'
	}
	return simplify(r)
}

// normLabel returns the comparison key of a label: folded runes, spaces and line breaks
// removed, and a leading sub-row number written "1." whether it came as 1. 1． 1、 or 1，.
// When nothing changes it returns s itself and allocates nothing.
func normLabel(s string) string {
	var buf [128]byte
	b, normal := appendNorm(buf[:0], s)
	if normal {
		return s
	}
	return string(b)
}

// appendNorm appends the folded form of s to dst; normal reports that normLabel(s) is s
// itself, so that a caller holding s needs no new string. Callers fold into a buffer
// on the stack and look the result up in a table before deciding to allocate.
//
// normal is decided rune by rune as the fold goes, not by comparing bytes: a byte that
// is not UTF-8 folds to U+FFFD, yet a label with nothing else to fold keeps it.
func appendNorm(dst []byte, s string) (out []byte, normal bool) {
	normal = true
	digits := 0 // leading digits seen so far; -1 once past the number prefix
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			if position.Plain3(s, i) {
				r, size = rune3(s, i), 3
			} else {
				r, size = utf8.DecodeRuneInString(s[i:])
			}
		}
		i += size
		f := foldRune(r)
		if f != r {
			normal = false
		}
		if f < 0 {
			continue
		}
		if digits >= 0 {
			switch {
			case f >= '0' && f <= '9':
				digits++
				dst = append(dst, byte(f))
				continue
			case digits > 0 && (f == '.' || f == '、' || f == '，'):
				if f != '.' {
					normal = false
				}
				dst = append(dst, '.')
				digits = -1
				continue
			}
			digits = -1
		}
		if f < utf8.RuneSelf {
			dst = append(dst, byte(f))
		} else {
			dst = utf8.AppendRune(dst, f)
		}
	}
	return dst, normal
}

// trimBlank returns the span of s[start:end] without leading and trailing blank runes.
func trimBlank(text string, start, end int) (int, int) {
	for start < end {
		if c := text[start]; c < utf8.RuneSelf {
			if !isBlankByte(c) {
				break
			}
			start++
			continue
		}
		r, size := rune(0), 3
		if position.Plain3(text[:end], start) {
			r = rune3(text, start)
		} else {
			r, size = utf8.DecodeRuneInString(text[start:end])
		}
		if !isBlankRune(r) {
			break
		}
		start += size
	}
	for end > start {
		if c := text[end-1]; c < utf8.RuneSelf {
			if !isBlankByte(c) {
				break
			}
			end--
			continue
		}
		r, size := utf8.DecodeLastRuneInString(text[start:end])
		if !isBlankRune(r) {
			break
		}
		end -= size
	}
	return start, end
}

// parseNumber reads a number cell: optional sign, digits (full-width too) with optional
// thousands separators and decimals, then an optional unit such as 元 or 万元. ok is
// false when s is anything else. The value is scaled by 10^scale.
func parseNumber(s string) (value int64, scale int, unit string, ok bool) {
	// Most number cells are a few ASCII digits ("0", "12"): read them without decoding
	// runes. Up to 18 digits cannot overflow.
	if len(s) <= 18 {
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				goto general
			}
			value = value*10 + int64(c-'0')
		}
		if len(s) > 0 {
			return value, 0, "", true
		}
	}
general:
	// A number starts with a digit or a sign, ASCII or full-width (0xEF leads both):
	// a cell of words is turned away without decoding it.
	if len(s) == 0 || !(s[0] >= '0' && s[0] <= '9' || s[0] == '-' || s[0] == '+' || s[0] == 0xEF) {
		return 0, 0, "", false
	}
	value = 0
	i := 0
	neg := false
	r, size := utf8.DecodeRuneInString(s)
	if r == '-' || r == '－' || r == '+' || r == '＋' {
		neg = r == '-' || r == '－'
		i += size
	}
	digits := 0
	point := false
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '0' && r <= '9':
			r -= '0'
		case r >= '０' && r <= '９':
			r -= '０'
		case (r == ',' || r == '，') && digits > 0 && !point:
			i += size
			continue
		case (r == '.' || r == '．') && digits > 0 && !point:
			point = true
			i += size
			continue
		default:
			goto done
		}
		if value > (1<<62)/10 {
			return 0, 0, "", false
		}
		value = value*10 + int64(r)
		digits++
		if point {
			scale++
		}
		i += size
	}
done:
	if digits == 0 {
		return 0, 0, "", false
	}
	if neg {
		value = -value
	}
	rest := strings.TrimFunc(s[i:], isBlankRune)
	if rest == "" {
		return value, scale, "", true
	}
	if isUnit(rest) {
		return value, scale, rest, true
	}
	return 0, 0, "", false
}

// isUnit reports the units people write into number cells.
func isUnit(s string) bool {
	switch s {
	case "元", "万元", "亿元", "件", "个", "条", "项", "次", "宗", "起", "家", "人", "人次", "%", "％", "萬元", "億元", "個", "條", "項":
		return true
	}
	return false
}

// cjkNumeral maps 一 … 十 to 1 … 10.
func cjkNumeral(r rune) int {
	switch r {
	case '一':
		return 1
	case '二':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	case '十':
		return 10
	}
	return 0
}
