package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Folding: how a label is compared with template wording. Both sides are folded, so
// that 總計, 总 计 and 总计 are the same label: traditional characters become
// simplified, full-width letters and digits half-width, spaces, line breaks and
// quotation marks disappear, look-alike punctuation is unified, and a sub-row number
// is written "1." however it came (1． 1、 1，).

// t2s maps the traditional forms of the characters the templates use, and of
// those common in report headings, to their simplified forms, indexed from the
// start of the CJK block: folding looks up every character of every label, and a
// map lookup per character was a tenth of a check. Labels are only ever compared
// with template wording, so a character outside that vocabulary can never make a
// label match and needs no entry. A keyed array literal is laid out by the
// compiler: building the table from a map at start-up cost every run of the
// command about 20 µs and 84 KB of fresh memory (issue 11). An index outside the
// block does not compile, so every entry folds to three bytes as appendKey writes.
var t2s = [cjkLast - cjkFirst + 1]rune{
	'萬' - cjkFirst: '万', '業' - cjkFirst: '业', '個' - cjkFirst: '个', '為' - cjkFirst: '为', '舉' - cjkFirst: '举', '於' - cjkFirst: '于',
	'會' - cjkFirst: '会', '體' - cjkFirst: '体', '關' - cjkFirst: '关', '內' - cjkFirst: '内', '決' - cjkFirst: '决', '況' - cjkFirst: '况',
	'減' - cjkFirst: '减', '辦' - cjkFirst: '办', '務' - cjkFirst: '务', '動' - cjkFirst: '动', '區' - cjkFirst: '区', '單' - cjkFirst: '单',
	'發' - cjkFirst: '发', '後' - cjkFirst: '后', '國' - cjkFirst: '国', '處' - cjkFirst: '处', '復' - cjkFirst: '复', '複' - cjkFirst: '复',
	'審' - cjkFirst: '审', '對' - cjkFirst: '对', '屬' - cjkFirst: '属', '廢' - cjkFirst: '废', '開' - cjkFirst: '开', '強' - cjkFirst: '强',
	'當' - cjkFirst: '当', '總' - cjkFirst: '总', '執' - cjkFirst: '执', '護' - cjkFirst: '护', '報' - cjkFirst: '报', '據' - cjkFirst: '据',
	'數' - cjkFirst: '数', '無' - cjkFirst: '无', '機' - cjkFirst: '机', '權' - cjkFirst: '权', '條' - cjkFirst: '条', '構' - cjkFirst: '构',
	'沒' - cjkFirst: '没', '現' - cjkFirst: '现', '確' - cjkFirst: '确', '穩' - cjkFirst: '稳', '類' - cjkFirst: '类', '糾' - cjkFirst: '纠',
	'納' - cjkFirst: '纳', '組' - cjkFirst: '组', '織' - cjkFirst: '织', '經' - cjkFirst: '经', '結' - cjkFirst: '结', '統' - cjkFirst: '统',
	'繼' - cjkFirst: '继', '續' - cjkFirst: '续', '維' - cjkFirst: '维', '繳' - cjkFirst: '缴', '罰' - cjkFirst: '罚', '範' - cjkFirst: '范',
	'獲' - cjkFirst: '获', '補' - cjkFirst: '补', '規' - cjkFirst: '规', '計' - cjkFirst: '计', '認' - cjkFirst: '认', '議' - cjkFirst: '议',
	'記' - cjkFirst: '记', '許' - cjkFirst: '许', '訟' - cjkFirst: '讼', '訪' - cjkFirst: '访', '訴' - cjkFirst: '诉', '詢' - cjkFirst: '询',
	'請' - cjkFirst: '请', '購' - cjkFirst: '购', '費' - cjkFirst: '费', '轉' - cjkFirst: '转', '過' - cjkFirst: '过', '這' - cjkFirst: '这',
	'進' - cjkFirst: '进', '採' - cjkFirst: '采', '鉤' - cjkFirst: '钩', '鈎' - cjkFirst: '钩', '問' - cjkFirst: '问', '項' - cjkFirst: '项',
	'題' - cjkFirst: '题', '額' - cjkFirst: '额', '號' - cjkFirst: '号', '們' - cjkFirst: '们', '係' - cjkFirst: '系', '繫' - cjkFirst: '系',
	'濟' - cjkFirst: '济', '訊' - cjkFirst: '讯', '歲' - cjkFirst: '岁', '與' - cjkFirst: '与', '設' - cjkFirst: '设', '將' - cjkFirst: '将',
	'導' - cjkFirst: '导', '圖' - cjkFirst: '图', '書' - cjkFirst: '书', '長' - cjkFirst: '长', '實' - cjkFirst: '实', '員' - cjkFirst: '员',
	'責' - cjkFirst: '责',
}

const cjkFirst, cjkLast = 0x4E00, 0x9FFF

// isBlankRune reports the characters a blank cell may hold: spaces of every width
// (Word exports pad with U+2002 and U+3000), NBSP, and the invisible BOM and
// zero-width space that web pages leave behind.
func isBlankRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == ' ' || (r >= '\t' && r <= '\r')
	case r == 0xFEFF || r == 0x200B:
		return true
	}
	return unicode.IsSpace(r)
}

// foldRune maps a rune to the form labels are compared in, or -1 for runes labels
// ignore (spaces, line breaks, quotation marks).
func foldRune(r rune) rune {
	switch {
	case r >= cjkFirst && r <= cjkLast:
		if s := t2s[r-cjkFirst]; s != 0 {
			return s
		}
		return r
	case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
		return r
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return foldRune(r - 0xFEE0)
	case isBlankRune(r):
		return -1
	}
	switch r {
	case '"', '\'', '“', '”', '‘', '’', '「', '」', '『', '』', '″', '`':
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
	case '。':
		return '.' // only in sub-row numbers and stray stops: "1。" is "1."
	case '—', '–', '﹣', '−':
		return '-'
	case '〔', '【':
		return '['
	case '〕', '】':
		return ']'
	}
	return r
}

// foldBlock is the size of the blocks of foldRune looked up in a table: ASCII, general
// punctuation (quotation marks, dashes), CJK punctuation (、。「」) and full-width
// forms (（，：). Besides Chinese characters labels are made of these, and foldRune
// took a call and a search of Unicode's spaces for each.
const foldBlock = 0x80

var (
	foldASCII     = foldTable(0)
	foldPunct     = foldTable(0x2000)
	foldCJKPunct  = foldTable(0x3000)
	foldFullWidth = foldTable(0xFF00)
)

func foldTable(first rune) *[foldBlock]rune {
	var t [foldBlock]rune
	for i := range t {
		t[i] = foldRune(first + rune(i))
	}
	return &t
}

// appendKey appends the folded form of s to dst.
func appendKey(dst []byte, s string) []byte {
	digits := 0 // leading digits seen; -1 once past a sub-row number
	for i := 0; i < len(s); {
		// A Chinese character (U+4E00–U+9FFF: three bytes led by E4 to E9) folds to
		// itself or to its simplified form, also one: most of every label is folded
		// here, without the calls of the general path.
		if c := s[i]; c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
			if r := rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F); r >= cjkFirst {
				digits = -1
				if t := t2s[r-cjkFirst]; t != 0 {
					dst = append(dst, byte(0xE0|t>>12), byte(0x80|t>>6&0x3F), byte(0x80|t&0x3F))
				} else {
					dst = append(dst, c, s[i+1], s[i+2])
				}
				i += 3
				continue
			}
		}
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = decodeRune(s, i)
		}
		var f rune
		switch {
		case r < utf8.RuneSelf:
			f = foldASCII[r]
		case r >= 0x2000 && r < 0x2000+foldBlock:
			f = foldPunct[r-0x2000]
		case r >= 0x3000 && r < 0x3000+foldBlock:
			f = foldCJKPunct[r-0x3000]
		case r >= 0xFF00 && r < 0xFF00+foldBlock:
			f = foldFullWidth[r-0xFF00]
		default:
			f = foldRune(r)
		}
		switch {
		case f < 0:
		case digits >= 0 && f >= '0' && f <= '9':
			digits++
			dst = append(dst, byte(f))
		case digits > 0 && (f == '.' || f == '、' || f == '，'):
			dst = append(dst, '.')
			digits = -1
		case f == r && r != utf8.RuneError:
			// Most characters fold to themselves: their bytes need no encoding.
			digits = -1
			switch size {
			case 1:
				dst = append(dst, s[i])
			case 3:
				dst = append(dst, s[i], s[i+1], s[i+2])
			default:
				dst = append(dst, s[i:i+size]...)
			}
		default:
			digits = -1
			dst = utf8.AppendRune(dst, f)
		}
		i += size
	}
	return dst
}

// runeCount is utf8.RuneCountInString(s) with the three-byte runes of Chinese text
// counted inline: that ranges over s, a call of runtime.decoderune per character,
// 2 to 4 % of a check when asking whether a line is short enough to be a heading or
// a cell.
func runeCount(s string) int {
	n := 0
	for i := 0; i < len(s); n++ {
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80:
			i += 3 // as in decodeRune
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
	}
	return n
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) with the three-byte runes that make
// up Chinese text decoded inline: folding decodes every character of every label,
// and the call per character was a tenth of checking a report in traditional
// characters.
func decodeRune(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	// E1–EC and EE–EF lead a three-byte rune whenever two continuation bytes follow
	// (E0 and ED restrict the second byte: the general decoder handles them).
	if c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
		return rune(c&0x0F)<<12 | rune(s[i+1]&0x3F)<<6 | rune(s[i+2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s[i:])
}

// foldKey is the comparison key of a label.
func foldKey(s string) string {
	var buf [256]byte
	return string(appendKey(buf[:0], s))
}

// wordingKey is foldKey of wording the program holds: template labels and headers,
// the words it looks for. Most of it is folded already, and is then its own key,
// without a copy: building the tables at start-up made 250 copies (issue 11).
// Text of a report goes through foldKey, whose copy does not keep the whole text
// alive.
func wordingKey(s string) string {
	var buf [256]byte
	if b := appendKey(buf[:0], s); string(b) != s {
		return string(b)
	}
	return s
}

// trimBlank narrows [start, end) of text past leading and trailing blank runes.
// ASCII and a Chinese character at either end are told without a call: every cell of
// every table is trimmed, and the calls were most of the time.
func trimBlank(text string, start, end int) (int, int) {
	for start < end {
		c := text[start]
		if c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				break
			}
			start++
			continue
		}
		if c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF || !maybeBlank3(text[start:end]) {
			break // see blankAt
		}
		n := blankAt(text[:end], start)
		if n == 0 {
			break
		}
		start += n
	}
	for end > start {
		c := text[end-1]
		if c < utf8.RuneSelf {
			if c != ' ' && (c < '\t' || c > '\r') {
				break
			}
			end--
			continue
		}
		if end-start >= 3 && text[end-2]&0xC0 == 0x80 {
			if l := text[end-3]; l >= 0xE4 && l <= 0xE9 || (l == 0xE3 || l == 0xEF) && !maybeBlank3(text[end-3:end]) {
				break // a Chinese character or punctuation: no blank (see blankBefore)
			}
		}
		n := blankBefore(text[start:], end-start)
		if n == 0 {
			break
		}
		end -= n
	}
	return start, end
}

// maybeBlank3 reports whether s, led by E3 or EF (or any other byte), may start
// with a blank rune: of the runes led by E3 only U+3000 (E3 80 80) is one, of those
// led by EF only U+FEFF (EF BB BF). Chinese punctuation, full-width （，：）
// and 、。「」, is told apart from them without decoding it.
func maybeBlank3(s string) bool {
	switch s[0] {
	case 0xE3:
		return len(s) >= 3 && s[1] == 0x80 && s[2] == 0x80
	case 0xEF:
		return len(s) >= 3 && s[1] == 0xBB && s[2] == 0xBF
	}
	return true
}

// blankAt returns the length of the blank rune at s[i], 0 when it is not blank. The
// blank runes past ASCII are led by C2, E1, E2, E3 or EF: Chinese text, led by E4 to
// E9, is passed over without decoding it.
func blankAt(s string, i int) int {
	switch c := s[i]; {
	case c < utf8.RuneSelf:
		if c == ' ' || c >= '\t' && c <= '\r' {
			return 1
		}
		return 0
	case c != 0xC2 && c != 0xE1 && c != 0xE2 && c != 0xE3 && c != 0xEF:
		return 0
	}
	if r, size := utf8.DecodeRuneInString(s[i:]); isBlankRune(r) {
		return size
	}
	return 0
}

// blankBefore returns the length of the blank rune that ends at s[:end], 0 when it is
// not blank.
func blankBefore(s string, end int) int {
	c := s[end-1]
	if c < utf8.RuneSelf {
		if c == ' ' || c >= '\t' && c <= '\r' {
			return 1
		}
		return 0
	}
	// A blank rune past ASCII is two bytes (C2 …) or three (E1, E2, E3, EF …).
	for _, n := range [2]int{2, 3} {
		if end >= n && utf8.RuneStart(s[end-n]) {
			if blankAt(s[:end], end-n) == n {
				return n
			}
			return 0
		}
	}
	return 0
}

func isBlank(s string) bool {
	for i := 0; i < len(s); {
		n := blankAt(s, i)
		if n == 0 {
			return false
		}
		i += n
	}
	return true
}

// oneLine shows a cell that spans lines on one line: its blank runes removed.
func oneLine(s string) string {
	if !strings.ContainsFunc(s, isBlankRune) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isBlankRune(r) {
			return -1
		}
		return r
	}, s)
}

// CellKind classifies a cell's content.
type CellKind uint8

// Cell kinds.
const (
	CellBlank CellKind = iota
	CellNumber
	// CellNumberUnit is a number followed by a unit, such as "296549元".
	CellNumberUnit
	CellText
)

// number is a number read from a cell: Value scaled by 10^Scale, and the unit written
// after it ("" for none).
type number struct {
	Value int64
	Scale int
	Unit  string
}

// parseNumber reads a number cell: optional sign, digits (full-width too) with
// optional thousands separators and decimals, then an optional unit such as 元 or
// 万元. ok is false when s is anything else.
func parseNumber(s string) (n number, ok bool) {
	// Most number cells are a few ASCII digits: read them without decoding runes.
	if len(s) > 0 && len(s) <= 18 {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c >= '0' && c <= '9' {
				n.Value = n.Value*10 + int64(c-'0')
				continue
			}
			n.Value = 0
			goto general
		}
		return n, true
	}
general:
	// A number starts with a sign or a digit, ASCII or full-width (led by EF): text
	// cells are turned away here, without decoding.
	if len(s) == 0 || !(s[0] >= '0' && s[0] <= '9' || s[0] == '-' || s[0] == '+' || s[0] == 0xEF) {
		return number{}, false
	}
	i := 0
	neg := false
	if r, size := utf8.DecodeRuneInString(s); r == '-' || r == '－' || r == '+' || r == '＋' {
		neg = r == '-' || r == '－'
		i += size
	}
	digits, point := 0, false
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
		if n.Value > (1<<62)/10 || n.Scale >= 18 {
			return number{}, false
		}
		n.Value = n.Value*10 + int64(r)
		digits++
		if point {
			n.Scale++
		}
		i += size
	}
done:
	if digits == 0 {
		return number{}, false
	}
	if neg {
		n.Value = -n.Value
	}
	rest := strings.TrimFunc(s[i:], isBlankRune)
	if rest != "" && !isUnit(rest) {
		return number{}, false
	}
	n.Unit = rest
	return n, true
}

// isUnit reports the units people write into number cells.
func isUnit(s string) bool {
	switch s {
	case "元", "万元", "亿元", "件", "个", "条", "项", "次", "宗", "起", "家", "人", "人次", "%", "％", "萬元", "億元", "個", "條", "項":
		return true
	}
	return false
}

// cjkNumeral maps 一 … 十 to 1 … 10, anything else to 0.
func cjkNumeral(r rune) int {
	i := strings.IndexRune("一二三四五六七八九十", r)
	if i < 0 {
		return 0
	}
	return i/len("一") + 1
}
