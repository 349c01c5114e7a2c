package analysis

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Columns aligned with spaces, as `pdftotext -layout` writes a PDF's tables.
//
// pdftotext puts the characters of a page on a grid of one column per character — a
// Chinese character takes one column, not the two a terminal shows — so a piece of
// text stands at its rune count from the start of its line, give or take the few
// columns pdftotext pushes a piece aside when the text before it is wide. A cell's
// text wraps over lines, and a blank cell leaves nothing but spaces. So a table is
// read as pieces (runs of text between spaces) with an x position: the pieces of one
// label, on consecutive lines at about the same x, are joined where the lexicon says
// together they start or make a table word; a row is the numbers of one line with the
// labels whose lines span that line; and each number goes to the column whose x it
// stands at, learned from the rows that have all their numbers or from the header.

const (
	// maxColumnPieceRunes bounds a piece of a table line that is no table word: a
	// longer one is a line of prose.
	maxColumnPieceRunes = 30
	// maxJoinDX is how far apart, in columns, the pieces of one wrapped label may
	// stand: pdftotext shifts the characters of vertical text in a narrow cell by up
	// to eight columns when the cell crosses a page (pingtan-2022's Table 4 header).
	maxJoinDX = 10
	// maxOpenLines is how many lines a label may wait for its next piece: a group
	// label written one character a line spans its whole group (pingtan-shenpi-2024's
	// 三、本年度办理结果 takes 35 lines).
	maxOpenLines = 48
	// maxOpenItems bounds the labels waiting for a piece, so that a line is compared
	// with a few of them, never with every label above it.
	maxOpenItems = 32
	// maxPlaceholderRunes bounds what stands in a number's place instead of one
	// (「/」, 「—」, 「无」).
	maxPlaceholderRunes = 2
	// maxTrailingFragments is how many short lines right after a table's last row
	// are taken as the rest of its wrapped labels.
	maxTrailingFragments = 3
)

// colPiece is a run of text between spaces in a line of columns; pieces of one cell
// separated by a single space (「（ 四 ） 无 法」, text spread across a cell) are one.
type colPiece struct {
	line       int // index of the line in the region
	start, end int // bytes
	x, w       int // rune column and width
	gap        int // spaces before the piece (its indentation for the first)
	key        string
	number     bool
	lexical    bool // a table word or the start of one
}

// runes is the piece's length in characters.
func (p *colPiece) runes() int { return p.w }

// columnPieces cuts text[start:end] into pieces. A form feed (pdftotext's page
// break, at the start of a page's first line) takes no column.
func columnPieces(text string, start, end, lineIndex int, dst []colPiece) []colPiece {
	first := len(dst)
	x := 0
	spaces := 0
	for i := start; i < end; {
		switch text[i] {
		case ' ':
			x++
			spaces++
			i++
			continue
		case '\f':
			i++
			continue
		}
		p := colPiece{line: lineIndex, start: i, x: x, gap: spaces}
		for i < end && text[i] != ' ' && text[i] != '\f' {
			if text[i] < utf8.RuneSelf {
				i++
			} else {
				_, size := utf8.DecodeRuneInString(text[i:end])
				i += size
			}
			x++
		}
		p.end, p.w = i, x-p.x
		spaces = 0
		tok := text[p.start:p.end]
		if _, ok := parseNumber(tok); ok {
			p.number = true
		} else {
			var senses []sense
			p.key, senses = lex.lookup(tok)
			p.lexical = len(senses) > 0 || lex.isPrefix(p.key)
		}
		if n := len(dst); n > first && p.gap == 1 && !p.number {
			prev := &dst[n-1]
			if prev.number {
				// A unit a space after its number: 「120.5 万元」.
				if _, ok := parseNumber(text[prev.start:p.end]); ok {
					prev.end, prev.w = p.end, p.x+p.w-prev.x
					continue
				}
			} else if k := lex.key(text[prev.start:p.end]); wordOrStart(k) {
				// Pieces of text that together start or make a table word: one cell
				// whose characters pdftotext spread out (「（ 四 ） 无 法」).
				prev.end, prev.w, prev.key, prev.lexical = p.end, p.x+p.w-prev.x, k, true
				continue
			}
		}
		dst = append(dst, p)
	}
	return dst
}

// joins reports whether b continues a, the start of a table word: together they are
// one, or the start of one.
func joins(a, b string) bool { return lex.isPrefix(a) && wordOrStart(a+b) }

// wordOrStart reports a key that is exactly a table word or the start of one. The
// lexicon also takes a header word with a note after it for the word (「行政复议（因
// 政府信息公开被行政复议）」), but two header words one space apart (「结果维持 结果纠正」)
// are two cells, and the 勾稽关系 note must not take in what stands under it.
func wordOrStart(k string) bool { return lex.isPrefix(k) || len(lex.words[k].senses) > 0 }

// colLineKind is what a line of text looks like as part of a table in columns.
type colLineKind uint8

const (
	colUnknown  colLineKind = iota // not classified yet
	colBreak                       // prose, a heading, a menu: never in a table
	colBlank                       // empty or spaces only
	colTableRow                    // numbers after a table word, numbers alone, or table words apart
	colWords                       // a table word, or the start of one
	colFragment                    // short text or numbers: a piece of a wrapped cell, a lone value
)

// columnLineKind classifies one line.
func columnLineKind(s string, buf []colPiece) (colLineKind, []colPiece) {
	if len(s) > 4*maxBareCellRunes && !strings.Contains(s, "  ") && !numbersOnly(s) {
		// A line longer than any cell with no run of spaces to set columns apart
		// (most lines of prose): no row of a table, and no need to look closer.
		return colBreak, buf
	}
	if plainProse(s) || strings.Contains(s, "•") || isHeadingLine(s) || titleWords(s) {
		// plainProse first: a line an edit keeps prose must never take part in a
		// table, or Update's cheap path for prose would differ from Check.
		return colBreak, buf
	}
	buf = columnPieces(s, 0, len(s), 0, buf[:0])
	if len(buf) == 0 {
		return colBlank, buf
	}
	if len(buf) > maxRowCells {
		return colBreak, buf
	}
	numbers, words, texts, longWords := 0, 0, 0, 0
	long := false
	gap := buf[0].x >= 2
	for i := range buf {
		p := &buf[i]
		if i > 0 && p.gap >= 2 {
			gap = true
		}
		switch {
		case p.number:
			numbers++
			continue
		case numbers > 0 && !p.lexical && p.runes() > maxPlaceholderRunes:
			// Words after a number: a sentence (「规章  0 件，行政规范性文件  88 件」),
			// never a row, whose numbers follow its label.
			return colBreak, buf
		case p.lexical:
			words++
		case p.runes() > maxColumnPieceRunes:
			long = true
			longWords++
		case p.runes() >= 3:
			longWords++
		}
		texts++
	}
	if i0 := firstText(buf); i0 >= 0 {
		if _, ok := headingAt(s, buf[i0].start, buf[i0].end); ok {
			return colBreak, buf // a heading with something beside it
		}
	}
	switch {
	case long && !(numbers >= 3 && gap):
		return colBreak, buf // a line of prose, perhaps with a number in it
	case longWords > 3:
		return colBreak, buf // a menu of words: 「国务院 省政府 省人大 省政协」
	case numbers >= 1 && words >= 1 && gap, numbers >= 3 && texts == 0, words >= 2 && gap:
		return colTableRow, buf
	case words >= 1:
		return colWords, buf
	}
	return colFragment, buf
}

// numbersOnly reports a line of ASCII digits, signs, points and spaces: the data row
// of Table 4, fifteen numbers a space apart.
func numbersOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9', c == ' ', c == '.', c == '-', c == ',', c == '\t', c == '\f':
		default:
			return false
		}
	}
	return true
}

func firstText(ps []colPiece) int {
	for i := range ps {
		if !ps[i].number {
			return i
		}
	}
	return -1
}

// markColumns marks the lines of text that belong to tables written in columns
// aligned with spaces (lineColumns). A table is a run of lines with no prose, heading
// or menu in it that holds at least two lines of a table's rows, one of them with
// numbers; it runs from its first to its last line of table words or numbers, and
// takes in the few short lines right after it (the ends of wrapped labels).
//
// Only the runs around a line that may be a table's row are classified: a row has
// two runs of text apart or a run of spaces, so at least two spaces or form feeds,
// and most lines of a report (prose, headings, every line of a Markdown report) have
// fewer. Classifying every line was 15 % of checking a report with no columns.
func markColumns(text string, lines []line, class []lineClass) {
	var (
		kinds      []colLineKind // colUnknown until a line is classified
		rowNumbers []bool
		buf        []colPiece
	)
	kind := func(i int) colLineKind {
		if kinds[i] != colUnknown {
			return kinds[i]
		}
		switch class[i] {
		case lineBlank:
			kinds[i] = colBlank
		case lineText:
			ln := lines[i]
			kinds[i], buf = columnLineKind(text[ln.start:ln.end], buf)
			if kinds[i] == colTableRow {
				for j := range buf {
					rowNumbers[i] = rowNumbers[i] || buf[j].number
				}
			}
		default:
			kinds[i] = colBreak
		}
		return kinds[i]
	}
	for i := 0; i < len(lines); i++ {
		if class[i] != lineText || !mayBeColumnRow(text[lines[i].start:lines[i].end]) {
			continue
		}
		if kinds == nil {
			kinds, rowNumbers = make([]colLineKind, len(lines)), make([]bool, len(lines))
		}
		if kind(i) == colBreak {
			continue
		}
		// The run of lines with no break that holds line i. A run already read ended
		// at a break before i, so the walk back stops there at the latest.
		a := i
		for a > 0 && kind(a-1) != colBreak {
			a--
		}
		j := a
		rows, withNumbers := 0, false
		first, last := -1, -1
		for ; j < len(lines) && kind(j) != colBreak; j++ {
			switch kinds[j] {
			case colTableRow:
				rows++
				withNumbers = withNumbers || rowNumbers[j]
				fallthrough
			case colWords:
				if first < 0 {
					first = j
				}
				last = j
			}
		}
		if rows >= 2 && withNumbers {
			end := last + 1
			for end < j && end-last <= maxTrailingFragments && kinds[end] == colFragment {
				end++
			}
			for k := first; k < end; k++ {
				class[k] = lineColumns
			}
		}
		i = j
	}
}

// mayBeColumnRow reports whether a line may be a row of a table in columns
// (colTableRow): that takes a run of at least two spaces, or three pieces of text
// apart, each after a space or form feed.
func mayBeColumnRow(s string) bool {
	return strings.Count(s, " ")+strings.Count(s, "\f") >= 2
}

// colItem is a label: one or more pieces of text on consecutive lines.
type colItem struct {
	pieces      []int // indexes into columnReader.pieces, in reading order
	first, last int   // its first and last line
	lastX       int   // x of its last piece: where the next one is looked for
	runes       int   // its length
	key         string
	row         int // the line of numbers it belongs to, -1 when none
}

// columnReader reads one region of column lines.
type columnReader struct {
	text   string
	lines  []line
	pieces []colPiece
	// lineStart[i] is the index of the first piece of line i; lineStart[len(lines)]
	// is len(pieces).
	lineStart []int
	page      []int // page of each line: pdftotext starts a page with a form feed
	items     []*colItem
	// values[i] lists the pieces that are values on line i: numbers, and what stands
	// in a number's place.
	values [][]int
}

// readColumns reads the run of column lines starting at line i.
func (r *reader) readColumns(i int) int {
	end := i
	for end < len(r.lines) && r.class[end] == lineColumns {
		end++
	}
	cr := &columnReader{text: r.text, lines: r.lines[i:end]}
	rows := cr.read()
	if len(rows) == 0 {
		return end
	}
	span := rows[0].Span
	for _, row := range rows {
		span.Start, span.End = min(span.Start, row.Start), max(span.End, row.End)
	}
	r.blocks = append(r.blocks, Block{Kind: TableBlock, Span: span, Grid: &Grid{Layout: LayoutColumns, Rows: rows}})
	return end
}

func (cr *columnReader) read() []GridRow {
	cr.tokenize()
	cr.gather()
	return cr.rows()
}

func (cr *columnReader) tokenize() {
	cr.lineStart = make([]int, len(cr.lines)+1)
	cr.page = make([]int, len(cr.lines))
	// As many pieces as runs of text between spaces, at most: growing the slice
	// instead was most of what reading a tall table allocated.
	runs := 0
	if n := len(cr.lines); n > 0 {
		prevSpace := true
		for _, c := range []byte(cr.text[cr.lines[0].start:cr.lines[n-1].end]) {
			space := c == ' ' || c == '\f' || c == '\n' || c == '\r'
			if prevSpace && !space {
				runs++
			}
			prevSpace = space
		}
	}
	cr.pieces = make([]colPiece, 0, runs)
	page := 0
	for i, ln := range cr.lines {
		cr.lineStart[i] = len(cr.pieces)
		if ln.start < ln.end && strings.IndexByte(cr.text[ln.start:ln.end], '\f') >= 0 {
			page++
		}
		cr.page[i] = page
		cr.pieces = columnPieces(cr.text, ln.start, ln.end, i, cr.pieces)
	}
	cr.lineStart[len(cr.lines)] = len(cr.pieces)
	cr.values = make([][]int, len(cr.lines))
}

// joinPair is a piece that may continue a label.
type joinPair struct {
	piece, item, dx int
}

// gather walks the lines top to bottom, each line's pieces left to right: numbers
// are values; a piece of text continues the waiting label it fits best — the one
// it makes (the start of) a table word with, nearest in x — or starts a label.
func (cr *columnReader) gather() {
	var open []int // items that may take another piece, oldest first
	var pairs []joinPair
	joined, taken := map[int]bool{}, map[int]bool{}
	// touched[li%3] lists the labels that took a piece on line li: a reworded label
	// is continued only from the two lines above.
	var touched [3][]int
	for li := range cr.lines {
		touched[li%3] = touched[li%3][:0]
		from, to := cr.lineStart[li], cr.lineStart[li+1]
		// Waiting labels too far above are done.
		keep := open[:0]
		for _, it := range open {
			if li-cr.items[it].last <= maxOpenLines {
				keep = append(keep, it)
			}
		}
		open = keep
		// Whatever stands right of a number is a cell where a number should be.
		firstNumber := to
		for pi := from; pi < to; pi++ {
			if cr.pieces[pi].number {
				firstNumber = pi
				break
			}
		}
		pairs = pairs[:0]
		for pi := from; pi < firstNumber; pi++ {
			p := &cr.pieces[pi]
			if p.key == "" {
				continue
			}
			for _, it := range open {
				item := cr.items[it]
				dx := abs(item.lastX - p.x)
				if dx <= maxJoinDX && joins(item.key, p.key) {
					pairs = append(pairs, joinPair{piece: pi, item: it, dx: dx})
				}
			}
		}
		// The nearest pairs first: two labels wrapped side by side (「科研」「法律
		// 服务」 over 「机构」「机构」) each get the piece under them.
		sort.SliceStable(pairs, func(a, b int) bool { return pairs[a].dx < pairs[b].dx })
		clear(joined)
		clear(taken)
		for _, pr := range pairs {
			if joined[pr.piece] || taken[pr.item] {
				continue
			}
			joined[pr.piece], taken[pr.item] = true, true
			cr.extend(pr.item, pr.piece)
			touched[li%3] = append(touched[li%3], pr.item)
		}
		wordLeft := false
		for pi := from; pi < to; pi++ {
			p := &cr.pieces[pi]
			switch {
			case joined[pi]:
				wordLeft = true
				continue
			case pi >= firstNumber, firstNumber < to && wordLeft && !p.lexical && p.runes() <= maxPlaceholderRunes:
				// A number; 「/」 or 「—」 in a number's place after the label; or words
				// among the numbers: a cell that should hold a number, as in every
				// other layout.
				cr.addValue(li, pi)
				continue
			}
			if it := cr.continuation(li, pi, taken, touched[(li+2)%3], touched[(li+1)%3]); it >= 0 {
				taken[it] = true
				cr.extend(it, pi)
				touched[li%3] = append(touched[li%3], it)
				wordLeft = true
				continue
			}
			cr.items = append(cr.items, &colItem{pieces: []int{pi}, first: li, last: li, lastX: p.x, runes: p.w, key: p.key, row: -1})
			open = append(open, len(cr.items)-1)
			touched[li%3] = append(touched[li%3], len(cr.items)-1)
			wordLeft = wordLeft || p.lexical
		}
		// Labels that can take no more pieces stop waiting; the oldest go first when
		// too many wait.
		keep = open[:0]
		for _, it := range open {
			if lex.isPrefix(cr.items[it].key) {
				keep = append(keep, it)
			}
		}
		open = keep
		if len(open) > maxOpenItems {
			open = append(open[:0], open[len(open)-maxOpenItems:]...)
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func (cr *columnReader) addValue(li, pi int) { cr.values[li] = append(cr.values[li], pi) }

// extend adds piece pi to label it.
func (cr *columnReader) extend(it, pi int) {
	item := cr.items[it]
	p := &cr.pieces[pi]
	item.pieces = append(item.pieces, pi)
	item.last, item.lastX, item.runes = p.line, p.x, item.runes+p.w
	// Folding is rune by rune but for a sub-row number at the start (「1、」 folds to
	// 「1.」): the keys join as they are unless the piece starts with a digit or the
	// label so far is nothing but digits.
	if r, _ := utf8.DecodeRuneInString(cr.text[p.start:p.end]); !isDigitRune(r) && strings.TrimLeft(item.key, "0123456789") != "" {
		item.key += p.key
		return
	}
	var b strings.Builder
	for _, q := range item.pieces {
		b.WriteString(cr.text[cr.pieces[q].start:cr.pieces[q].end])
	}
	item.key = lex.key(b.String())
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// continuation finds the label a piece of words no template has continues: one of
// such words whose last piece stands one or two lines above (above1, above2 list the
// labels that took a piece there) at the same x — a reworded label wraps as any
// other. -1 when there is none. A label grows no longer than a label compared with
// the template's wording may be: a tall column of short lines is not one label (and
// refolding it at every line was quadratic).
func (cr *columnReader) continuation(li, pi int, taken map[int]bool, above1, above2 []int) int {
	p := &cr.pieces[pi]
	if p.lexical {
		return -1
	}
	for _, list := range [2][]int{above1, above2} {
		for _, it := range list {
			item := cr.items[it]
			if item.last >= li || item.last < li-2 || taken[it] || abs(item.lastX-p.x) > 2 ||
				item.runes+p.w > maxFuzzyRunes || lex.isWord(item.key) || lex.isPrefix(item.key) {
				continue
			}
			return it
		}
	}
	return -1
}

// colRow is a row being built: the line of its numbers (-1 for a row of words), its
// labels and its values.
type colRow struct {
	line   int
	anchor int // the line that orders it among the rows
	items  []*colItem
	values []int
	set    int // for a header row: 1 + its index in headerSets; 0 for others
}

// rows assigns the labels to the lines of numbers they span and builds the grid.
func (cr *columnReader) rows() []GridRow {
	var valueLines []int
	for li := range cr.lines {
		if len(cr.values[li]) > 0 {
			valueLines = append(valueLines, li)
		}
	}
	byLine := map[int]*colRow{}
	var all []*colRow
	for _, li := range valueLines {
		row := &colRow{line: li, anchor: li, values: cr.values[li]}
		byLine[li] = row
		all = append(all, row)
	}
	// A label belongs to the first line of numbers its lines span.
	for _, item := range cr.items {
		k := sort.SearchInts(valueLines, item.first)
		if k < len(valueLines) && valueLines[k] <= item.last {
			item.row = valueLines[k]
			byLine[item.row].items = append(byLine[item.row].items, item)
		}
	}
	// Numbers on a line of their own under a label that ended above them (or under a
	// group label only) belong to that label.
	endsAt := map[int][]*colItem{}
	for _, item := range cr.items {
		if item.row < 0 {
			endsAt[item.last] = append(endsAt[item.last], item)
		}
	}
	prev := -1
	for _, li := range valueLines {
		row := byLine[li]
		if !onlyGroups(row.items) {
			prev = li
			continue
		}
		firstX := cr.pieces[row.values[0]].x
		for l := prev + 1; l < li; l++ {
			for _, item := range endsAt[l] {
				if item.row < 0 && cr.pieces[item.pieces[0]].x < firstX && !lex.hasRole(item.key, roleHeader) && !lex.hasRole(item.key, roleTitle) {
					item.row = li
					row.items = append(row.items, item)
				}
			}
		}
		prev = li
	}
	// Labels with no numbers: rows of their own, ordered by their first line.
	var words []*colItem
	for _, item := range cr.items {
		if item.row < 0 {
			words = append(words, item)
		}
	}
	all = append(all, cr.wordRows(words, valueLines)...)
	sort.SliceStable(all, func(a, b int) bool { return all[a].anchor < all[b].anchor })
	return cr.grid(all)
}

// onlyGroups reports a line of numbers no row label spans: none at all, or only group
// labels (「（三）不予」 beside numbers whose row label ended above them).
func onlyGroups(items []*colItem) bool {
	for _, item := range items {
		if !lex.hasRole(item.key, roleGroup) || lex.hasRole(item.key, roleRow) {
			return false
		}
	}
	return true
}

// wordRows makes rows of the labels that have no numbers, in order of their first
// line. Header words with no other label or line of numbers (valueLines) between
// them are cut into the rows of the template header they fit (the words of Table
// 3's header stand over four lines, half of them wrapped, in an order no line
// gives); any other label is a row with the labels of its line.
func (cr *columnReader) wordRows(words []*colItem, valueLines []int) []*colRow {
	sort.SliceStable(words, func(a, b int) bool {
		if words[a].first != words[b].first {
			return words[a].first < words[b].first
		}
		return cr.pieces[words[a].pieces[0]].x < cr.pieces[words[b].pieces[0]].x
	})
	var out []*colRow
	var header []*colItem
	flush := func() {
		if len(header) > 0 {
			out = append(out, headerRows(header)...)
			header = nil
		}
	}
	for _, item := range words {
		if lex.hasRole(item.key, roleHeader) {
			if n := len(header); n > 0 {
				if k := sort.SearchInts(valueLines, header[n-1].first+1); k < len(valueLines) && valueLines[k] < item.first {
					flush()
				}
			}
			header = append(header, item)
			continue
		}
		flush()
		if n := len(out); n > 0 && out[n-1].anchor == item.first && !out[n-1].header() {
			out[n-1].items = append(out[n-1].items, item)
			continue
		}
		out = append(out, &colRow{line: -1, anchor: item.first, items: []*colItem{item}})
	}
	flush()
	return out
}

// blankRow reports a row of words that is a row of numbers left blank: one template
// row label (not a group label, which may stand alone) and nothing else.
func blankRow(r *colRow) bool {
	return r.line < 0 && len(r.items) == 1 && lex.hasRole(r.items[0].key, roleRow) && !lex.hasRole(r.items[0].key, roleGroup)
}

// header reports a row of header words.
func (r *colRow) header() bool {
	return r.line < 0 && len(r.items) > 0 && lex.hasRole(r.items[0].key, roleHeader)
}

// headerSet is the header of one table of one format, as keys: its rows, and the
// words that name a column of numbers (Table 4's 结果维持, not 行政复议 over it).
type headerSet struct {
	rows    [][]string
	columns []string
}

// headerSets holds the header of each table of both formats, made when a page of
// pdftotext columns is first read: other text never needs them, and every run of
// the command paid for folding them at start-up.
var headerSets = sync.OnceValue(func() []headerSet {
	var sets []headerSet
	keys := func(rows [][]string) [][]string {
		out := make([][]string, len(rows))
		for i, r := range rows {
			out[i] = foldKeys(r...)
		}
		return out
	}
	for _, t := range []*Template{template2021, template2019} {
		for _, b := range t.Table2 {
			sets = append(sets, headerSet{rows: keys([][]string{b.Header}), columns: foldKeys(b.Header[1:]...)})
		}
	}
	var t4 []string
	for _, c := range table4Columns[:table4GroupCols] {
		_, w, _ := strings.Cut(c, " · ")
		t4 = append(t4, w)
	}
	return append(sets, headerSet{rows: keys(table3HeaderRows), columns: foldKeys(table3Columns...)},
		headerSet{rows: keys(table4HeaderRows), columns: foldKeys(t4...)})
})

// headerRows cuts header words, in reading order, into the rows of the template
// header they fit best: each word goes to the first row with a place for it left
// (Table 4's 结果维持 to the second row, then to the third). Words no row has a place
// for make a row of their own.
func headerRows(items []*colItem) []*colRow {
	// Each set's fit is kept while it is the best, not fitted again, and is a slice,
	// not a map.
	best, bestN := 0, -1
	var rowOf, fit []int
	sets := headerSets()
	for s, set := range sets {
		var n int
		if fit, n = fitHeader(items, set.rows, fit); n > bestN {
			best, bestN = s, n
			rowOf, fit = fit, rowOf
		}
	}
	set := sets[best].rows
	rows := make([]*colRow, len(set))
	var extra []*colRow
	for i, item := range items {
		r := rowOf[i]
		if r < 0 {
			extra = append(extra, &colRow{line: -1, anchor: item.first, items: []*colItem{item}})
			continue
		}
		if rows[r] == nil {
			rows[r] = &colRow{line: -1, anchor: items[0].first, set: best + 1}
		}
		rows[r].items = append(rows[r].items, item)
	}
	var out []*colRow
	for _, r := range rows {
		if r != nil {
			out = append(out, r)
		}
	}
	return append(out, extra...)
}

// fitHeader places header words into the rows of one template header: the row of
// each item (-1 for none), in dst, and how many items have one.
func fitHeader(items []*colItem, set [][]string, dst []int) ([]int, int) {
	used := make([][]bool, len(set))
	for r := range set {
		used[r] = make([]bool, len(set[r]))
	}
	dst, n := dst[:0], 0
	for _, item := range items {
		row := -1
	rows:
		for r, words := range set {
			for w, k := range words {
				if !used[r][w] && lex.headerMatches(item.key, k) {
					used[r][w] = true
					row = r
					break rows
				}
			}
		}
		if row >= 0 {
			n++
		}
		dst = append(dst, row)
	}
	return dst, n
}

// grid turns the rows into grid rows, placing each line's numbers in their columns.
func (cr *columnReader) grid(rows []*colRow) []GridRow {
	out := make([]GridRow, 0, len(rows))
	var block []int // indexes into out of the rows of numbers under the last header
	var header []*colRow
	var blockRows []*colRow
	endBlock := func() {
		cr.placeValues(out, block, blockRows, header)
		block, blockRows = nil, nil
	}
	for i, row := range rows {
		switch {
		case row.line >= 0:
		case row.header():
			if len(block) > 0 {
				endBlock()
				header = nil
			}
			header = append(header, row)
		case lex.hasRole(row.items[0].key, roleTitle):
			endBlock()
			header = nil
		case blankRow(row):
			// A row label whose numbers all vanished: its cells are blank, on its
			// first line.
			row.line = row.items[0].first
		}
		slices.SortStableFunc(row.items, func(a, b *colItem) int {
			return cr.pieces[a.pieces[0]].x - cr.pieces[b.pieces[0]].x
		})
		g := GridRow{Span: Span{-1, -1}}
		for _, item := range row.items {
			c := cr.labelCell(item)
			g.Cells = append(g.Cells, c)
			g.Span = spanUnion(g.Span, c.Token)
			for _, m := range c.More() {
				g.Span = spanUnion(g.Span, m)
			}
		}
		for _, pi := range row.values {
			p := &cr.pieces[pi]
			g.Cells = append(g.Cells, newCell(cr.text, p.start, p.end))
			g.Span = spanUnion(g.Span, Span{p.start, p.end})
		}
		out = append(out, g)
		if row.line >= 0 {
			block = append(block, i)
			blockRows = append(blockRows, row)
		}
	}
	endBlock()
	return out
}

func spanUnion(a, b Span) Span {
	if a.Start < 0 {
		return b
	}
	return Span{min(a.Start, b.Start), max(a.End, b.End)}
}

// labelCell is the cell of a label: its first piece the token, the others More.
func (cr *columnReader) labelCell(item *colItem) Cell {
	p := &cr.pieces[item.pieces[0]]
	c := Cell{Span: Span{p.start, p.end}, Token: Span{p.start, p.end}}
	if len(item.pieces) == 1 {
		c.classify(cr.text[p.start:p.end])
		return c
	}
	more := make([]Span, 0, len(item.pieces)-1)
	var b strings.Builder
	b.WriteString(cr.text[p.start:p.end])
	for _, q := range item.pieces[1:] {
		more = append(more, Span{cr.pieces[q].start, cr.pieces[q].end})
		b.WriteString(cr.text[cr.pieces[q].start:cr.pieces[q].end])
	}
	c.more = &more
	c.classify(b.String())
	return c
}

// colInterval is where a column's numbers stand: from lo to hi.
type colInterval struct{ lo, hi int }

func (iv colInterval) dist(x int) int {
	switch {
	case x < iv.lo:
		return iv.lo - x
	case x > iv.hi:
		return x - iv.hi
	}
	return 0
}

// placeValues puts the numbers of the rows of one block (the rows under one header)
// into their columns: a row with fewer numbers than the block has columns lost its
// blank cells, and gets them back where its numbers leave gaps.
func (cr *columnReader) placeValues(out []GridRow, block []int, rows []*colRow, header []*colRow) {
	n := 0
	for _, row := range rows {
		n = max(n, len(row.values))
	}
	short := false
	for _, row := range rows {
		short = short || len(row.values) < n
	}
	leaves, labelEnd := cr.headerLeaves(header, rows)
	if len(leaves) <= n && !short {
		return
	}
	var all []colInterval
	byPage := map[int][]colInterval{}
	if len(leaves) > n {
		n = len(leaves)
		for _, row := range rows {
			if p := cr.page[row.line]; byPage[p] == nil {
				byPage[p] = leafIntervals(leaves, p, labelEnd)
			}
		}
	} else {
		complete := map[int][]*colRow{}
		for _, row := range rows {
			if len(row.values) == n {
				complete[cr.page[row.line]] = append(complete[cr.page[row.line]], row)
				complete[-1] = append(complete[-1], row)
			}
		}
		for page, rs := range complete {
			byPage[page] = cr.intervals(rs, n)
		}
		all = byPage[-1]
	}
	for bi, row := range rows {
		if len(row.values) == n {
			continue
		}
		cols := byPage[cr.page[row.line]]
		if cols == nil {
			cols = all
		}
		g := &out[block[bi]]
		labels := len(g.Cells) - len(row.values)
		g.Cells = append(g.Cells[:labels:labels], cr.placeRow(row, cols, g.Cells[labels:])...)
		// A blank cell may stand in the row's trailing spaces, where its column is:
		// the row, and so its table, holds it (the rules of a table's numbers look
		// at what lies in the table).
		for _, c := range g.Cells[labels:] {
			g.Span = spanUnion(g.Span, c.Token)
		}
	}
}

// intervals learns where each of n columns stands from rows that have n numbers.
func (cr *columnReader) intervals(rows []*colRow, n int) []colInterval {
	cols := make([]colInterval, n)
	for j := range cols {
		cols[j] = colInterval{lo: 1 << 30, hi: -1}
	}
	for _, row := range rows {
		for j, pi := range row.values {
			x := cr.pieces[pi].x
			cols[j].lo, cols[j].hi = min(cols[j].lo, x), max(cols[j].hi, x)
		}
	}
	return cols
}

// colLeaf is a header word that names a column of numbers. at holds its x on each
// page its pieces stand on (pdftotext lays out every page on a grid of its own: a
// word that runs from one page onto the next stands at one x on each).
type colLeaf struct {
	order int // where it stands among the others: its x on the data's page if it can
	at    map[int]int
}

// headerLeaves returns where the columns of numbers stand by the header above them
// (rows), the words the template has name them (a word over other words, or over
// the row labels, names none); and where the row labels end (0 when there are none).
func (cr *columnReader) headerLeaves(header []*colRow, rows []*colRow) ([]colLeaf, int) {
	labelEnd := 0
	for _, row := range rows {
		for _, item := range row.items {
			for _, pi := range item.pieces {
				labelEnd = max(labelEnd, cr.pieces[pi].x+cr.pieces[pi].w)
			}
		}
	}
	if len(rows) == 0 {
		return nil, labelEnd
	}
	page := cr.page[rows[0].line]
	var leaves []colLeaf
	for _, h := range header {
		if h.set == 0 {
			continue
		}
		columns := headerSets()[h.set-1].columns
		for _, item := range h.items {
			if !slices.ContainsFunc(columns, func(k string) bool { return lex.headerMatches(item.key, k) }) {
				continue
			}
			l := colLeaf{order: 1 << 30, at: map[int]int{}}
			for _, pi := range item.pieces {
				p := &cr.pieces[pi]
				l.at[cr.page[p.line]] = p.x // the last piece on a page
				l.order = min(l.order, p.x)
			}
			if x, ok := l.at[page]; ok {
				l.order = x
			}
			leaves = append(leaves, l)
		}
	}
	sort.SliceStable(leaves, func(a, b int) bool { return leaves[a].order < leaves[b].order })
	return leaves, labelEnd
}

// leafIntervals places the columns of numbers on page by the header's leaves: where
// a leaf has a piece on that page, there; a run of leaves with none (a header on the
// page before) spread evenly between the columns around them, the first column
// standing right after the row labels (at the margin when there are none).
func leafIntervals(leaves []colLeaf, page, labelEnd int) []colInterval {
	out := make([]colInterval, len(leaves))
	known := make([]bool, len(leaves))
	anyKnown := false
	for j, l := range leaves {
		if x, ok := l.at[page]; ok {
			out[j], known[j], anyKnown = colInterval{x, x}, true, true
		}
	}
	if !anyKnown {
		for j, l := range leaves {
			out[j] = colInterval{l.order, l.order}
		}
		return out
	}
	for a := 0; a < len(leaves); {
		if known[a] {
			a++
			continue
		}
		b := a
		for b < len(leaves) && !known[b] {
			b++
		}
		var x0, step float64
		switch {
		case a == 0 && b < len(leaves):
			// Columns a..b-1 between the labels' end and column b.
			x0 = float64(labelEnd)
			step = (float64(out[b].lo) - x0) / float64(b-a)
			x0 -= step
		case b < len(leaves):
			x0 = float64(out[a-1].lo)
			step = (float64(out[b].lo) - x0) / float64(b-a+1)
		default:
			// A run at the end: as far apart as the two columns before it.
			x0 = float64(out[a-1].lo)
			step = 4
			if a >= 2 {
				step = float64(out[a-1].lo - out[a-2].lo)
			}
		}
		for j := a; j < b; j++ {
			x := int(x0 + step*float64(j-a+1) + 0.5)
			out[j] = colInterval{x, x}
		}
		a = b
	}
	return out
}

// placeRow places a row's values into len(cols) columns by their x, in order, at the
// least total distance from where each column stands; a column left over is a blank
// cell, an empty token in the row's line where the column stands.
func (cr *columnReader) placeRow(row *colRow, cols []colInterval, cells []Cell) []Cell {
	k, n := len(row.values), len(cols)
	if k > n || n == 0 {
		return cells
	}
	// cost[i][j]: the least cost of placing values i.. into columns j..
	const inf = 1 << 30
	cost := make([][]int, k+1)
	for i := range cost {
		cost[i] = make([]int, n+1)
	}
	for i := k - 1; i >= 0; i-- {
		x := cr.pieces[row.values[i]].x
		cost[i][n] = inf
		for j := n - 1; j >= 0; j-- {
			best := cost[i][j+1] // column j left blank
			if n-j >= k-i {
				if c := cols[j].dist(x) + cost[i+1][j+1]; c <= best {
					best = c
				}
			}
			cost[i][j] = best
		}
	}
	ln := cr.lines[row.line]
	out := make([]Cell, 0, n)
	// A blank cell stands after the labels left of the numbers and between its
	// neighbours, so that the row's cells stay in the order of the text.
	prevEnd, numbersAt := ln.start, ln.end
	if k > 0 {
		numbersAt = cells[0].Start
	}
	for _, item := range row.items {
		for _, pi := range item.pieces {
			if p := &cr.pieces[pi]; p.line == row.line && p.end <= numbersAt {
				prevEnd = max(prevEnd, p.end)
			}
		}
	}
	i := 0
	for j := 0; j < n; j++ {
		if i < k {
			x := cr.pieces[row.values[i]].x
			if n-j == k-i || cols[j].dist(x)+cost[i+1][j+1] <= cost[i][j+1] {
				out = append(out, cells[i])
				prevEnd = cells[i].End
				i++
				continue
			}
		}
		nextStart := ln.end
		if i < k {
			nextStart = cells[i].Start
		}
		at := cr.offsetAt(ln, cols[j].lo, prevEnd, nextStart)
		out = append(out, Cell{Span: Span{at, at}, Token: Span{at, at}, Kind: CellBlank})
	}
	return out
}

// offsetAt is the byte offset of column x in line ln, kept after a space that
// follows prevEnd and before nextStart, so that a number typed there stands apart.
func (cr *columnReader) offsetAt(ln line, x, prevEnd, nextStart int) int {
	at, col := ln.start, 0
	for at < ln.end && col < x {
		switch {
		case cr.text[at] == '\f':
			at++
			continue
		case cr.text[at] < utf8.RuneSelf:
			at++
		default:
			_, size := utf8.DecodeRuneInString(cr.text[at:ln.end])
			at += size
		}
		col++
	}
	lo, hi := prevEnd, nextStart
	if hi-lo >= 2 {
		lo, hi = lo+1, hi-1
	}
	return min(max(at, lo), hi)
}
