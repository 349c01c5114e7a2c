package analysis

import "strings"

// The agency whose report it is, as its title names it: table2-implausible asks
// whether it may make 规章 at all, late-report which deadline holds for it.

// agencyName is the agency a title names, as far as the title tells it.
type agencyName struct {
	Span        // the name in the text
	name        string
	countyLevel bool
}

// readAgency reads the agency's name from the title: what comes before the year
// (「YYYY年」, four digits, or 二〇…), or before 政府信息公开 or 关于 when the title has
// no year (「XX县人民政府关于…」); 「西坡在2020年度…」 names 西坡. The name is folded
// (simplified, without blanks or markup) and may run over lines of a split title; a
// line with a colon before the year is a page's metadata (「发布时间：2022-02-08
// 来源：…」, which the reader may take into the title), not the name.
func readAgency(text string, title Span) *agencyName {
	a := &agencyName{}
	if title.End <= title.Start {
		return a
	}
	var key []rune         // the name folded: simplified, without blanks
	var starts, ends []int // where each rune of key stands in the text
	s := text[title.Start:title.End]
	colon := false // the line so far has a colon
scan:
	for i := 0; i < len(s); {
		r, size := decodeRune(s, i)
		switch {
		case r == '\n' || r == '\r':
			if colon {
				key, starts, ends, colon = key[:0], starts[:0], ends[:0], false
			}
			i += size
			continue
		case r == ':' || r == '：':
			colon = true
		}
		f := foldRune(r)
		if f >= '0' && f <= '9' {
			if _, _, n, _ := digitsAt(s, i, 4); n == 4 {
				if !colon {
					break scan
				}
				// A date of the metadata line: its line is dropped at its end.
			}
		}
		if (f == '〇' || f == '○' || f == '零') && len(key) > 0 && key[len(key)-1] == '二' {
			key, starts, ends = key[:len(key)-1], starts[:len(starts)-1], ends[:len(ends)-1] // the 二 of 二〇二一
			break scan
		}
		if f >= 0 {
			key = append(key, f)
			starts, ends = append(starts, title.Start+i), append(ends, title.Start+i+size)
		}
		i += size
	}
	if colon {
		return a
	}
	k := string(key)
	for _, stop := range []string{"政府信息公开", "关于"} {
		if i := strings.Index(k, stop); i >= 0 {
			k = k[:i]
		}
	}
	k = strings.TrimSuffix(k, "在")
	n := len([]rune(k))
	if n == 0 {
		return a
	}
	a.Span = Span{starts[0], ends[n-1]}
	a.name = k
	a.countyLevel = countyLevel(k)
	return a
}
