package analysis

import "unicode/utf8"

// Numbers as the prose of a report writes them: Arabic digits, half- or full-width,
// with 1,234 groups; and Chinese numerals up to 九千九百九十九.

// digitAt returns the digit at s[i], ASCII or full-width, and its size; -1 when
// there is none.
func digitAt(s string, i int) (int, int) {
	if i < 0 || i >= len(s) {
		return -1, 0
	}
	if c := s[i]; c >= '0' && c <= '9' {
		return int(c - '0'), 1
	}
	if i+2 < len(s) && s[i] == 0xEF && s[i+1] == 0xBC && s[i+2] >= 0x90 && s[i+2] <= 0x99 {
		return int(s[i+2] - 0x90), 3
	}
	return -1, 0
}

// arabicAt reads an Arabic number at text[i:]: its value and end, and whether it is
// a whole number (not 1.5). A comma followed by exactly three digits groups
// thousands; any other comma ends the number.
func arabicAt(text string, i int) (value int64, end int, whole bool) {
	end, whole = i, true
	for end < len(text) {
		d, size := digitAt(text, end)
		if d < 0 {
			if text[end] == ',' && threeDigits(text, end+1) {
				end++
				continue
			}
			if text[end] == '.' && end+1 < len(text) && text[end+1] >= '0' && text[end+1] <= '9' {
				whole = false
				end++
				continue
			}
			break
		}
		if whole && value < 1e12 {
			value = value*10 + int64(d)
		}
		end += size
	}
	return value, end, whole
}

// threeDigits reports whether text[i:] starts with exactly three ASCII digits.
func threeDigits(text string, i int) bool {
	if i+3 > len(text) {
		return false
	}
	for k := i; k < i+3; k++ {
		if text[k] < '0' || text[k] > '9' {
			return false
		}
	}
	return i+3 == len(text) || text[i+3] < '0' || text[i+3] > '9'
}

func hasAt(text string, i int, s string) bool {
	return i+len(s) <= len(text) && text[i:i+len(s)] == s
}

// chineseDigit gives the value of a Chinese digit (〇 零 一 … 九, 两) or -1;
// chineseUnit the value of 十 百 千 or 0.
func chineseDigit(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一':
		return 1
	case '二', '两':
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
	}
	return -1
}

func chineseUnit(r rune) int {
	switch r {
	case '十':
		return 10
	case '百':
		return 100
	case '千':
		return 1000
	}
	return 0
}

func isChineseNumeral(r rune) bool { return chineseDigit(r) >= 0 || chineseUnit(r) > 0 }

// chineseAt reads a run of Chinese numerals at text[i:]: its value and end, and
// whether the run is a well-formed number (十二, 二十, 一百零五, 两千, 三).
func chineseAt(text string, i int) (value int64, end int, ok bool) {
	end = i
	var total, digit int64 = 0, -1
	lastUnit := int64(10000)
	zero := false
	ok = true
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		d, u := chineseDigit(r), int64(chineseUnit(r))
		switch {
		case d == 0:
			if digit >= 0 || zero {
				ok = false
			}
			zero = true
		case d > 0:
			if digit >= 0 {
				ok = false // 一二: not one number
			}
			digit = int64(d)
		case u > 0:
			if u >= lastUnit {
				ok = false
			}
			if digit < 0 {
				if total != 0 || zero || u != 10 {
					ok = false // 百 alone, 一百十
				}
				digit = 1
			}
			total += digit * u
			digit, lastUnit, zero = -1, u, false
		default:
			if digit >= 0 {
				total += digit
			}
			return total, end, ok && end > i && !(zero && digit < 0)
		}
		end += size
	}
	if digit >= 0 {
		total += digit
	}
	return total, end, ok && end > i && !(zero && digit < 0)
}
