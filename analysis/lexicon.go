package analysis

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The lexicon is the templates' wording seen from the text: every label, header and
// title of both formats, and the variants real reports write, by folded key. The
// reader asks it which short pieces of text are table words (to find tables in
// layouts without separators, and to join a label wrapped over lines); the matcher
// asks it which table a row belongs to and which format its wording follows.

// formatMask says in which formats a word is template wording.
type formatMask uint8

const (
	mask2019 formatMask = 1 << iota
	mask2021
	maskBoth = mask2019 | mask2021
)

func maskOf(f Format) formatMask {
	if f == Format2019 {
		return mask2019
	}
	return mask2021
}

// wordRole says what a table word is in its table.
type wordRole uint8

const (
	roleHeader wordRole = iota + 1
	roleTitle           // a 第二十条 item's title
	roleRow             // a row label with numbers after it
	roleGroup           // a Table 3 group label (三、本年度办理结果, （三）不予公开 …)
)

// sense is one meaning of a table word: the table it belongs to, in which formats,
// its role, and how strongly it tells a format (headers tell more than the
// 规范性文件 row, which reports mislabel often).
type sense struct {
	table   TableKind
	formats formatMask
	role    wordRole
	weight  int
}

// lexicon holds the words by key, and what the matcher needs per format.
type lexicon struct {
	// words maps each word key to itself, so that a key folded into a buffer can be
	// had as a string without allocating, and to its senses. A word written as its
	// key (most template wording is: folding is idempotent) is found here as
	// written, without folding it.
	words map[string]wordRef
	// keys holds every word key, sorted: isPrefix looks a fragment up among them
	// (one that is a proper prefix of a key may be the start of a wrapped label).
	// A map of the 543 prefixes was a fifth of building the lexicon, which every
	// run of the command pays before reading anything (issue 11).
	keys []string
	// headerPrefixes are header keys long enough that a cell starting with one is
	// that header with a note added ("行政复议（因政府信息公开被行政复议）"), longest first.
	headerPrefixes []string
	// rows and items index each format's Table 2 and 3 rows and Table 2 items by key.
	rows  [Format2021 + 1]map[string]*TemplateRow
	items [Format2021 + 1]map[string]*Item
	// headerKeys holds each header word's key.
	headerKeys map[string]string
	// headerRows holds every template header row of both formats as keys, for cutting
	// a stream of cells into rows; variants lists each header variant's key with a
	// key it may stand for.
	headerRows [][]string
	variants   []headerVariant
	// headerInfo says, for each of headerRows, its table and how many values the rows
	// under it take: Table 2's rows as many as the header has columns, Table 4's data
	// row fifteen (under its last header row); 0 when the header does not tell.
	headerInfo []headerInfo
	// aliases maps the key of each variant of labelAliases to the template wording
	// it stands for, per format.
	aliases map[string][2]string
	// written maps the words the template or a known variant writes otherwise than
	// their key (「3.危及“三安全一稳定”」) to the key: they need no folding either.
	written map[string]string
}

// wordRef is a word's key and its senses: lookup finds both at once.
type wordRef struct {
	key    string
	senses []sense
}

// labelAliases are variants seen in published reports and the template wording they
// stand for, per format ({2019, 2021}; "" where the variant is no label of that
// format). Everything else nonstandard is found by similarity.
var labelAliases = map[string][2]string{
	"规范性文件（本单位制发的）": {"规范性文件", "行政规范性文件"},
	"规范性文件":         {"", "行政规范性文件"},
	"行政规范性文件":       {"规范性文件", ""},
	"（二）部分公开（区分处理的，只记这一情形，不记其他情形）": {
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	"1.信访投诉举报类申请": {"1.信访举报投诉类申请", "1.信访举报投诉类申请"},
}

// headerVariant is a header variant's key and the key of a word it stands for. There
// are a handful: looking them over is cheaper than a map's hash of every cell's key.
type headerVariant struct{ seen, means string }

// headerInfo is what a template header row says of the rows under it.
type headerInfo struct {
	table  TableKind
	values int
}

// headerVariants are header words seen instead of the template's, in both formats,
// and the words they stand for.
var headerVariants = []struct {
	seen  string
	table TableKind
	means []string
}{
	{"合计", Table3, []string{"总计"}},
	{"合计", Table4, []string{"总计"}},
	{"结果维护", Table4, []string{"结果维持"}},
	{"本年新", Table2, []string{"本年新制作数量", "本年新公开数量"}},
}

var lex = newLexicon()

func newLexicon() *lexicon {
	// The maps are made at about their final size (82 words): growing them was a
	// third of building the lexicon, which every run of the command pays.
	const words = 128
	lx := &lexicon{words: make(map[string]wordRef, words), keys: make([]string, 0, words),
		headerKeys: make(map[string]string, 64), written: map[string]string{}, aliases: map[string][2]string{}}
	addRow := func(table TableKind, values int, words []string) {
		keys := make([]string, len(words))
		for i, w := range words {
			keys[i] = wordingKey(w)
		}
		lx.headerRows = append(lx.headerRows, keys)
		lx.headerInfo = append(lx.headerInfo, headerInfo{table: table, values: values})
	}
	for _, t := range []*Template{template2019, template2021} {
		m := maskOf(t.Format)
		rows := make(map[string]*TemplateRow, len(t.table2Rows)+len(t.Table3))
		items := make(map[string]*Item, len(t.Table2))
		for _, b := range t.Table2 {
			items[wordingKey(b.Title)] = b
			lx.add(b.Title, sense{table: Table2, formats: m, role: roleTitle, weight: 2})
			for _, h := range b.Header {
				lx.add(h, sense{table: Table2, formats: m, role: roleHeader, weight: 2})
			}
			addRow(Table2, len(b.Header)-1, b.Header)
			for _, r := range b.Rows {
				rows[wordingKey(r.Label)] = r
				lx.add(r.Label, sense{table: Table2, formats: m, role: roleRow, weight: 1})
			}
		}
		for _, r := range t.Table3 {
			rows[wordingKey(r.Label)] = r
			role := roleRow
			if r.Role == RoleGroup {
				role = roleGroup
			}
			lx.add(r.Label, sense{table: Table3, formats: m, role: role, weight: 2})
		}
		for _, hr := range t.Table3Header {
			for _, h := range hr {
				lx.add(h, sense{table: Table3, formats: m, role: roleHeader})
			}
			addRow(Table3, 0, hr)
		}
		for i, hr := range t.Table4Header {
			for _, h := range hr {
				lx.add(h, sense{table: Table4, formats: m, role: roleHeader})
			}
			values := 0
			if i == len(t.Table4Header)-1 {
				values = len(t.Table4.Columns)
			}
			addRow(Table4, values, hr)
		}
		lx.rows[t.Format], lx.items[t.Format] = rows, items
	}
	for variant, want := range labelAliases {
		lx.aliases[wordingKey(variant)] = want
		for i, w := range want {
			if w == "" {
				continue
			}
			f := Format2019 + Format(i)
			for _, s := range lx.words[wordingKey(w)].senses {
				if s.formats&maskOf(f) != 0 {
					lx.add(variant, sense{table: s.table, formats: maskOf(f), role: s.role, weight: 1})
				}
			}
		}
	}
	for _, v := range headerVariants {
		lx.add(v.seen, sense{table: v.table, formats: maskBoth, role: roleHeader})
		for _, w := range v.means {
			lx.variants = append(lx.variants, headerVariant{seen: wordingKey(v.seen), means: wordingKey(w)})
		}
	}
	// keys is in order, so headerPrefixes comes out the same from run to run: the
	// longest, most specific, first, and those of one length in the keys' order.
	// (Kept in order as they come, not sorted after: the sort packages' code was a
	// tenth of building the lexicon at every start of the command.)
	for _, k := range lx.keys {
		for _, s := range lx.words[k].senses {
			if s.role == roleHeader && s.table != Table2 && utf8.RuneCountInString(k) >= 4 {
				i := len(lx.headerPrefixes)
				for i > 0 && len(lx.headerPrefixes[i-1]) < len(k) {
					i--
				}
				lx.headerPrefixes = slices.Insert(lx.headerPrefixes, i, k)
				break
			}
		}
	}
	return lx
}

// add records a sense of word, merging the formats of a sense it already has.
func (lx *lexicon) add(word string, s sense) {
	// Most words are in both formats: folded once.
	k, ok := lx.written[word]
	if !ok {
		if _, ok := lx.words[word]; ok {
			k = word
		} else if k = wordingKey(word); k != word {
			lx.written[word] = k
		}
	}
	if s.role == roleHeader {
		lx.headerKeys[word] = k
	}
	ref := lx.words[k]
	for i, e := range ref.senses {
		if e.table == s.table && e.role == s.role {
			ref.senses[i].formats |= s.formats
			return
		}
	}
	if ref.senses == nil {
		i, _ := slices.BinarySearch(lx.keys, k)
		lx.keys = slices.Insert(lx.keys, i, k)
	}
	lx.words[k] = wordRef{key: k, senses: append(ref.senses, s)}
}

// key is foldKey(s), looked up when s is written as the template writes it, and
// not allocated when it is a word written otherwise (traditional characters,
// spaces): most labels are table words.
func (lx *lexicon) key(s string) string {
	if ref, ok := lx.words[s]; ok {
		return ref.key
	}
	if k, ok := lx.written[s]; ok {
		return k
	}
	var buf [256]byte
	b := appendKey(buf[:0], s)
	if ref, ok := lx.words[string(b)]; ok {
		return ref.key
	}
	return string(b)
}

// lookup returns key(s) and senses(key(s)). A table word, the most of what is
// looked up, is found with one lookup of s or of its key, not a second one of its
// key in words.
func (lx *lexicon) lookup(s string) (string, []sense) {
	if ref, ok := lx.words[s]; ok {
		return ref.key, ref.senses
	}
	if k, ok := lx.written[s]; ok {
		return k, lx.words[k].senses
	}
	var buf [256]byte
	b := appendKey(buf[:0], s)
	if ref, ok := lx.words[string(b)]; ok {
		return ref.key, ref.senses
	}
	k := string(b)
	return k, lx.sensesNoWord(k)
}

// mayStartWord reports whether the key of s may be a table word or the start of one
// (senses(key(s)) or isPrefix(key(s))), from the key of its first four characters
// alone: most short lines of text (headings, dates) are turned away without folding
// them whole and looking the key up. The key of a prefix of s is a prefix of the key
// of s; a word, the start of one, and a header word with a note added (at least
// four characters) all start with a key of up to four characters that is a word or
// the start of one. The 勾稽关系 note, which senses finds anywhere in a key, is
// looked for in s: 稽 has no other written form.
func (lx *lexicon) mayStartWord(s string) bool {
	cut, n := 0, 0
	for cut < len(s) && n < 4 {
		_, size := decodeRune(s, cut)
		cut += size
		n++
	}
	if cut == len(s) {
		return true // as short as the prefix: looked up whole anyway
	}
	var buf [32]byte
	pk := appendKey(buf[:0], s[:cut])
	if len(pk) == 0 || lx.isPrefix(string(pk)) || strings.Contains(s, "稽") {
		return true
	}
	_, ok := lx.words[string(pk)]
	return ok
}

// senses returns what key means as a table word: the word itself, a header with a
// note added, or the 勾稽关系 note however it is worded; nil for anything else.
func (lx *lexicon) senses(key string) []sense {
	// A key whose first character starts no word is no word: most text is passed
	// over here.
	if key == "" {
		return nil
	}
	if ref, ok := lx.words[key]; ok {
		return ref.senses
	}
	return lx.sensesNoWord(key)
}

// sensesNoWord is senses of a key that is no word itself.
func (lx *lexicon) sensesNoWord(key string) []sense {
	if key == "" {
		return nil
	}
	// A key whose first character starts no word is no word with a note added
	// either: most text is passed over here.
	if _, size := decodeRune(key, 0); size < len(key) && !lx.isPrefix(key[:size]) {
		return nil
	}
	if strings.Contains(key, "稽关系") {
		return lx.words[wordingKey(table3Note)].senses
	}
	for _, p := range lx.headerPrefixes {
		if strings.HasPrefix(key, p) {
			return lx.words[p].senses
		}
	}
	return nil
}

// headerMatches reports whether a cell with key k stands for the header word with key
// w: it is the word, a known variant of it, the word with a note added, or the
// 勾稽关系 note however it is worded.
func (lx *lexicon) headerMatches(k, w string) bool {
	switch {
	case k == "":
		return false
	case k == w:
		return true
	case len(w) >= 4*len("字") && strings.HasPrefix(k, w):
		return true
	case strings.Contains(w, "稽关系"):
		return strings.Contains(k, "稽关系")
	}
	for _, v := range lx.variants {
		if v.seen == k && v.means == w {
			return true
		}
	}
	return false
}

// isWord reports whether key is a table word.
func (lx *lexicon) isWord(key string) bool { return len(lx.senses(key)) > 0 }

// isPrefix reports whether key is a proper prefix of a table word's key, ending at
// a character boundary of it: the start of a table word. (It may be a whole word
// too: 行政复议 is one and starts 行政复议（因政府信息公开被行政复议）.)
func (lx *lexicon) isPrefix(key string) bool {
	if key == "" {
		return false
	}
	// The keys that start with key follow each other from where key would be.
	i, _ := slices.BinarySearch(lx.keys, key)
	for ; i < len(lx.keys) && strings.HasPrefix(lx.keys[i], key); i++ {
		if w := lx.keys[i]; len(w) > len(key) && utf8.RuneStart(w[len(key)]) {
			return true
		}
	}
	return false
}

// hasRole reports whether key is a table word with the role r.
func (lx *lexicon) hasRole(key string, r wordRole) bool { return hasRole(lx.senses(key), r) }

// hasRole reports whether one of senses has the role r.
func hasRole(senses []sense, r wordRole) bool {
	for _, s := range senses {
		if s.role == r {
			return true
		}
	}
	return false
}

// joins reports whether the fragments a and b, keys of text on consecutive lines or
// cells, are one table word wrapped in two: together they are a word, or the start of
// one, while a alone is only the start of one.
func (lx *lexicon) joins(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	if lx.isPrefix(a) {
		ab := a + b
		return lx.isWord(ab) || lx.isPrefix(ab)
	}
	// A header with a note, broken inside the note: 「行政复议（因政府信」/「息公开被行政复议）」;
	// the 勾稽关系 note however it is worded, broken anywhere.
	if strings.Contains(a, "稽关系") {
		return !lx.isWord(b)
	}
	return strings.Count(a, "（") > strings.Count(a, "）") && lx.isWord(a) && lx.isWord(a+b)
}

// minSimilarity is how alike a label must be to template wording to be taken for it.
const minSimilarity = 0.6

// maxFuzzyRunes bounds the cells compared by similarity: the longest template label
// has 37 characters, and a much longer cell is prose, not a reworded label.
const maxFuzzyRunes = 80

// similarity is 2·LCS/(|a|+|b|) over runes: 1 for equal strings, 0 for disjoint ones.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 || len(rb) == 0 {
		return 0
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			switch {
			case ra[i-1] == rb[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return 2 * float64(prev[len(rb)]) / float64(len(ra)+len(rb))
}

// closest finds the most similar of candidates (template wording) to key.
func closest(key string, candidates []string) (string, float64) {
	if runeCount(key) > maxFuzzyRunes {
		return "", 0
	}
	best, bestScore := "", 0.0
	for _, c := range candidates {
		if s := similarity(key, wordingKey(c)); s > bestScore {
			best, bestScore = c, s
		}
	}
	return best, bestScore
}
