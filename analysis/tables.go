package analysis

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// This file groups rows into tables and matches each row to its template row.

// formatMask says in which formats a vocabulary word is template wording.
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

// vocabWord is one word of some table's wording: which table it belongs to and in
// which formats; weight is how strongly it tells a format (headers tell more than the
// 规范性文件 row, which reports mislabel often).
type vocabWord struct {
	table   TableKind
	formats formatMask
	header  bool
	weight  int
}

// vocab maps normalised table wording, template and known variants alike, to the
// tables it belongs to. It only routes rows to tables and tells formats apart;
// matching a row to its template row is done per format below.
var vocab = map[string][]vocabWord{}

// headerPrefixes are header words long enough that a cell starting with one is that
// header with a note added ("行政复议（因政府信息公开被行政复议）").
var headerPrefixes []string

// labelAliases are variants seen in published reports and the template wording they
// stand for, per format. Everything else nonstandard is found by similarity.
var labelAliases = map[string][2]string{ // key: normalised variant; value: {2019, 2021}
	normLabel("规范性文件（本单位制发的）"): {"规范性文件", "行政规范性文件"},
	normLabel("规范性文件"):         {"", "行政规范性文件"},
	normLabel("行政规范性文件"):       {"规范性文件", ""},
	normLabel("（二）部分公开（区分处理的，只记这一情形，不记其他情形）"): {
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"},
	normLabel("1.信访投诉举报类申请"): {"1.信访举报投诉类申请", "1.信访举报投诉类申请"},
}

func addVocab(word string, w vocabWord) {
	k := normLabel(word)
	for i, e := range vocab[k] {
		if e.table == w.table && e.header == w.header {
			vocab[k][i].formats |= w.formats
			return
		}
	}
	vocab[k] = append(vocab[k], w)
}

// templateIndex holds one format's wording, normalised, for exact matching.
type templateIndex struct {
	rows   map[string]*TemplateRow // Table 2 and Table 3 row and group labels
	blocks map[string]*Block
}

var indexes = map[Format]*templateIndex{}

func init() {
	for _, t := range []*Template{template2019, template2021} {
		m := maskOf(t.Format)
		ix := &templateIndex{rows: map[string]*TemplateRow{}, blocks: map[string]*Block{}}
		for _, b := range t.Table2 {
			ix.blocks[normLabel(b.Title)] = b
			addVocab(b.Title, vocabWord{table: Table2, formats: m, weight: 2})
			for _, h := range b.Header {
				addVocab(h, vocabWord{table: Table2, formats: m, header: true, weight: 2})
			}
			for _, r := range b.Rows {
				ix.rows[normLabel(r.Label)] = r
				addVocab(r.Label, vocabWord{table: Table2, formats: m, weight: 1})
			}
		}
		for _, r := range t.Table3 {
			ix.rows[normLabel(r.Label)] = r
			addVocab(r.Label, vocabWord{table: Table3, formats: m, weight: 2})
		}
		for _, hr := range t.Table3Header {
			for _, h := range hr {
				addVocab(h, vocabWord{table: Table3, formats: m, header: true})
			}
		}
		for _, hr := range t.Table4Header {
			for _, h := range hr {
				addVocab(h, vocabWord{table: Table4, formats: m, header: true})
			}
		}
		indexes[t.Format] = ix
	}
	for k, v := range labelAliases {
		for i, want := range v {
			if want == "" {
				continue
			}
			f := Format2019
			if i == 1 {
				f = Format2021
			}
			for _, w := range vocab[normLabel(want)] {
				if w.formats&maskOf(f) != 0 {
					vocab[k] = append(vocab[k], vocabWord{table: w.table, formats: maskOf(f), weight: 1})
				}
			}
		}
	}
	for _, v := range []struct {
		seen  string
		table TableKind
	}{{"合计", Table3}, {"合计", Table4}, {"结果维护", Table4}, {"本年新", Table2}} {
		addVocab(v.seen, vocabWord{table: v.table, formats: maskBoth, header: true})
	}
	for k, ws := range vocab {
		for _, w := range ws {
			if w.header && w.table != Table2 && utf8.RuneCountInString(k) >= 4 {
				headerPrefixes = append(headerPrefixes, k)
				break
			}
		}
	}
	// vocab is a map: without an order, a cell two prefixes matched would get either
	// one from run to run. The longest, most specific, comes first.
	sort.Slice(headerPrefixes, func(i, j int) bool {
		a, b := headerPrefixes[i], headerPrefixes[j]
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return a < b
	})
}

// vocabEntry is a label's key and the vocabulary words of that key.
type vocabEntry struct {
	key   string
	words []vocabWord
}

// vocabList holds an entry for every vocabulary key, and vocabIDs the position in it,
// plus one, of each key and of common raw spellings of it. A cell whose folded text is
// a vocabulary word refers to its entry by that number: nothing is allocated for it,
// however the word was written (traditional characters, ASCII brackets, spaces). exact
// marks the strings whose normLabel is the entry's key, so that a cell written so
// needs no folding at all. Read only after init.
var (
	vocabList []vocabEntry
	vocabIDs  = map[string]struct {
		id    int32
		exact bool
	}{}
)

func init() {
	keys := make([]string, 0, len(vocab))
	for k := range vocab {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same numbering in every run, for anyone debugging
	for _, k := range keys {
		vocabList = append(vocabList, vocabEntry{key: k, words: vocab[k]})
		e := vocabIDs[k]
		e.id, e.exact = int32(len(vocabList)), normLabel(k) == k
		vocabIDs[k] = e
	}
}

// addSpellings adds to vocabIDs the other spellings of template wording. Reports in
// traditional characters, and Word exports with ASCII punctuation, spell the wording
// otherwise: their spellings skip folding too. A spelling is added only when it folds
// to the key, so the table can only ever save work. It runs after normCache is built.
func addSpellings() {
	raws := make([]string, 0, len(vocabList)+len(normCache))
	for _, e := range vocabList {
		raws = append(raws, e.key)
	}
	for raw := range normCache {
		raws = append(raws, raw)
	}
	sort.Strings(raws)
	for _, raw := range raws {
		v, ok := vocabIDs[normLabel(raw)]
		if !ok {
			continue
		}
		key := vocabList[v.id-1].key
		for _, sp := range spellings(raw) {
			if _, ok := vocabIDs[sp]; !ok && normLabel(sp) == key {
				vocabIDs[sp] = struct {
					id    int32
					exact bool
				}{v.id, true}
			}
		}
	}
}

// keptInTraditional are simplified characters that text converted to traditional
// characters often keeps (屬于, 復議后, 關系): for them both forms are spelt.
const keptInTraditional = "于后系范采"

// spellings lists ways reports write a template word: as written, in traditional
// characters, and with ASCII punctuation. At most a few dozen.
func spellings(raw string) []string {
	trad := map[rune][]rune{}
	for _, p := range strings.Fields(t2sPairs) {
		r := []rune(p)
		trad[r[1]] = append(trad[r[1]], r[0])
	}
	forms := [][]rune{nil}
	for _, r := range raw {
		alts := trad[r]
		switch {
		case len(alts) == 0:
			alts = []rune{r}
		case strings.ContainsRune(keptInTraditional, r):
			alts = append([]rune{r}, alts...)
		}
		if len(forms)*len(alts) > 32 {
			alts = alts[:1]
		}
		var next [][]rune
		for _, f := range forms {
			for _, a := range alts {
				next = append(next, append(append([]rune(nil), f...), a))
			}
		}
		forms = next
	}
	ascii := strings.NewReplacer("（", "(", "）", ")", "，", ",", "：", ":", "；", ";")
	out := []string{raw, ascii.Replace(raw)}
	for _, f := range forms {
		out = append(out, string(f), ascii.Replace(string(f)))
	}
	return out
}

// maxKeyBytes is room on the stack for the folded text of most cells; longer ones
// spill to the heap and are still right.
const maxKeyBytes = 4 * maxFuzzyRunes

// lookupKey finds normLabel(tok) and its lookupVocab. A vocabulary word gives its id
// in vocabList (> 0); any other key is returned in e, a new string only when folding
// changed tok.
func lookupKey(tok string) (id int32, e vocabEntry) {
	if v := find(&spellingIndex, tok); v != nil && v.exact {
		return v.id, vocabEntry{}
	}
	var buf [maxKeyBytes]byte
	b, normal := appendNorm(buf[:0], tok)
	if normal {
		// tok is its own key, and the lookup above found it no vocabulary word.
		return 0, vocabEntry{key: tok, words: lookupVocabPrefix(tok)}
	}
	if v := find(&spellingIndex, b); v != nil && vocabList[v.id-1].key == string(b) {
		return v.id, vocabEntry{}
	}
	k := string(b)
	return 0, vocabEntry{key: k, words: lookupVocabPrefix(k)}
}

// vocabOf is lookupVocab(normLabel(tok)).
func vocabOf(tok string) []vocabWord {
	id, e := lookupKey(tok)
	if id > 0 {
		return vocabList[id-1].words
	}
	return e.words
}

// lookupVocab finds the vocabulary words of a normalised cell.
func lookupVocab(key string) []vocabWord {
	if ws, ok := vocab[key]; ok {
		return ws
	}
	return lookupVocabPrefix(key)
}

// lookupVocabPrefix is lookupVocab for a key that is no vocabulary word: a header with
// a note added, or the 勾稽关系 note however it is worded.
func lookupVocabPrefix(key string) []vocabWord {
	if strings.Contains(key, "稽关系") {
		return vocab[normTemplate(table3Note)]
	}
	for _, p := range headerPrefixes {
		if strings.HasPrefix(key, p) {
			return vocab[p]
		}
	}
	return nil
}

// keyOtherHandling is the key of （六）其他处理, which tells 2019 from 2021 in Table 3.
var keyOtherHandling = normLabel("（六）其他处理")

// cellKey is the normalised text of a cell, "" for blank, number and prose cells.
func cellKey(kt *keyTable, c *Cell) string { return kt.key(c) }

// voteTable says which table a row's wording belongs to, 0 when it does not tell.
func voteTable(kt *keyTable, r *rawRow) TableKind {
	var votes [5]int
	numbers := 0
	for i := range r.cells {
		c := &r.cells[i]
		if c.Kind == CellNumber || c.Kind == CellNumberUnit {
			numbers++
			continue
		}
		ws := kt.vocab(c)
		if len(ws) == 0 {
			continue
		}
		k := ws[0].table
		for _, w := range ws[1:] {
			if w.table != k {
				k = 0 // shared wording such as 总计 does not tell
				break
			}
		}
		votes[k]++
	}
	best := TableKind(0)
	for k := Table2; k <= Table4; k++ {
		if votes[k] > 0 && (best == 0 || votes[k] > votes[best]) {
			best = k
		}
	}
	if best == 0 && numbers >= 12 {
		// Table 4's data row is fifteen numbers and nothing else.
		best = Table4
	}
	return best
}

// pendingTable is a run of rows routed to one table before it is matched.
type pendingTable struct {
	kind TableKind
	rows []*rawRow
}

// groupTables routes rows to tables. A table runs until a text line, or a row that
// belongs to another table; a row whose wording tells nothing joins the table it
// follows, and is dropped when it follows none. The tables and their rows live in
// sc's arrays, valid until sc is released.
func groupTables(kt *keyTable, text string, items []rawRow, sc *readScratch) []pendingTable {
	out := sc.pending[:0]
	// The rows of all tables share one array: each table is a run of it.
	all := sc.rows[:0]
	open := false // the last table of out takes rows
	for i := range items {
		row := &items[i]
		if row.isText() {
			// Inside a table pasted from a spreadsheet, a row of one cell has no TAB
			// and looks like prose ("第二十条第（一）项"): its wording tells.
			if !open {
				continue
			}
			a, b := trimBlank(text, row.Start, row.End)
			if b-a > 4*maxFuzzyRunes || len(vocabOf(text[a:b])) == 0 {
				open = false
				continue
			}
			cur := &out[len(out)-1]
			row = &rawRow{layout: cur.rows[0].layout, Span: row.Span, cells: []Cell{makeCell(kt, text, row.Start, row.End)}}
		}
		k := voteTable(kt, row)
		switch {
		case k != 0 && (!open || out[len(out)-1].kind != k):
			out = append(out, pendingTable{kind: k})
			open = true
		case k == 0 && !open:
			continue
		}
		// Rows are added in order and a table ends where the next begins, so a
		// table's rows are the end of all.
		cur := &out[len(out)-1]
		all = append(all, row)
		cur.rows = all[len(all)-len(cur.rows)-1 : len(all) : len(all)]
	}
	sc.pending, sc.rows = out, all
	return out
}

// tableFormat tells which format's layout a table follows from its wording. evidence
// is the cell that tells most; decided is false when nothing tells.
func tableFormat(kt *keyTable, pt *pendingTable) (f Format, evidence Span, decided bool) {
	var score [2]int
	var first [2]Span
	var seen [2]bool
	note := func(m formatMask, w int, sp Span) {
		for i, bit := range []formatMask{mask2019, mask2021} {
			if m == bit {
				score[i] += w
				if !seen[i] {
					first[i], seen[i] = sp, true
				}
			}
		}
	}
	for _, r := range pt.rows {
		for i := range r.cells {
			c := &r.cells[i]
			for _, w := range kt.vocab(c) {
				if w.table == pt.kind && w.formats != maskBoth {
					note(w.formats, max(w.weight, 1), c.Token())
				}
			}
		}
		if pt.kind == Table3 {
			// In 2019 （六）其他处理 is a row of numbers; in 2021 it heads three sub-rows.
			for i := range r.cells {
				c := &r.cells[i]
				if cellKey(kt, c) == keyOtherHandling && hasNumberAfter(r.cells, i) && !hasTextAfter(kt, r.cells, i) {
					note(mask2019, 2, c.Token())
				}
			}
		}
	}
	switch {
	case score[0] > score[1]:
		return Format2019, first[0], true
	case score[1] > score[0]:
		return Format2021, first[1], true
	}
	return FormatUnknown, Span{}, false
}

func hasNumberAfter(cells []Cell, i int) bool {
	for _, c := range cells[i+1:] {
		if c.Kind == CellNumber || c.Kind == CellNumberUnit {
			return true
		}
	}
	return false
}

func hasTextAfter(kt *keyTable, cells []Cell, i int) bool {
	for j := i + 1; j < len(cells); j++ {
		if cells[j].Kind == CellText && len(kt.vocab(&cells[j])) > 0 {
			return true
		}
	}
	return false
}

// labelRecord is a label cell or heading and the template wording it stands for.
type labelRecord struct {
	token Span
	want  string // template wording; "" when nothing in the template fits
	// table and format are a TableKind and a Format in a byte each: a report has
	// hundreds of labels, and this keeps each record at 40 bytes instead of 56.
	table    uint8
	format   uint8
	standard bool
	heading  bool
}

// minSimilarity is how alike a label must be to template wording to be taken for it.
const minSimilarity = 0.6

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

// maxFuzzyRunes bounds the cells compared by similarity: the longest template label
// has 37 characters, and a much longer cell is prose, not a reworded label.
const maxFuzzyRunes = 80

// normCache holds the normalised form of template wording, computed once.
var normCache = map[string]string{}

func normTemplate(s string) string {
	if k, ok := normCache[s]; ok {
		return k
	}
	return normLabel(s)
}

func init() {
	for _, t := range []*Template{template2019, template2021} {
		for _, b := range t.Table2 {
			normCache[b.Title] = normLabel(b.Title)
			for _, h := range b.Header {
				normCache[h] = normLabel(h)
			}
			for _, r := range b.Rows {
				normCache[r.Label] = normLabel(r.Label)
			}
		}
		for _, r := range t.Table3 {
			normCache[r.Label] = normLabel(r.Label)
		}
		for _, rows := range [][][]string{t.Table3Header, t.Table4Header} {
			for _, hr := range rows {
				for _, h := range hr {
					normCache[h] = normLabel(h)
				}
			}
		}
	}
}

// closest finds the most similar of candidates to key.
func closest(key string, candidates []string) (string, float64) {
	if utf8.RuneCountInString(key) > maxFuzzyRunes {
		return "", 0
	}
	best, bestScore := "", 0.0
	for _, c := range candidates {
		if s := similarity(key, normTemplate(c)); s > bestScore {
			best, bestScore = c, s
		}
	}
	return best, bestScore
}

func init() {
	addSpellings()
	spellingIndex.build()
}
