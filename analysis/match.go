package analysis

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Stage 2, matching: a Document becomes a Report. The title, year and sections come
// from its paragraphs; its grids' rows are routed to Tables 2, 3 and 4 by their
// wording, each row matched to its template row, and its number cells to the
// template's columns.

// maxTitleParagraphs is how many paragraphs from the top the title may start in, and
// maxTitleParts how many lines it may be split over.
const (
	maxTitleParagraphs = 6
	maxTitleParts      = 3
	maxTitleRunes      = 80
)

// Match reads doc as a report. template forces a format (FormatUnknown: from the
// report itself).
func Match(doc *Document, template Format) *Report {
	rep := matchTables(doc, template)
	if rep.IsReport {
		computeArithmetic(rep)
	}
	return rep
}

// matchTables is Match without the arithmetic of the tables (see CheckFindings).
func matchTables(doc *Document, template Format) *Report {
	rep := &Report{Text: doc.Text, Doc: doc, narr: new(atomic.Pointer[narrPlan])}
	text := doc.Text
	titleWordsSeen := false
	titleYear := 0
	paragraphs := 0
	for i, b := range doc.Blocks {
		if b.Kind != Paragraph {
			continue
		}
		paragraphs++
		rep.paragraphs = append(rep.paragraphs, b.Span)
		if h, ok := headingAt(text, b.Start, b.End); ok {
			rep.Sections = append(rep.Sections, &Section{Kind: h.kind, Heading: h.token, Span: Span{h.token.Start, len(text)}, Standard: h.standard})
			continue
		}
		if !titleWordsSeen && titleWords(text[b.Start:b.End]) {
			titleWordsSeen = true
		}
		if len(rep.Sections) == 0 && rep.Title == (Span{}) && paragraphs <= maxTitleParagraphs {
			if sp, ok := titleAt(doc, i); ok {
				rep.Title, titleYear = sp, yearIn(text[sp.Start:sp.End])
				titleWordsSeen = true
			}
		}
	}
	for i, s := range rep.Sections {
		if i+1 < len(rep.Sections) {
			next := rep.Sections[i+1].Heading.Start
			if ls := lineStart(text, next); ls >= s.Heading.End {
				next = ls
			}
			s.End = next
		}
	}
	switch {
	case titleYear != 0:
		rep.Year, rep.YearSource = titleYear, "title"
	default:
		if y := periodYear(text); y != 0 {
			rep.Year, rep.YearSource = y, "period"
		} else if y := sectionOneYear(rep); y != 0 {
			rep.Year, rep.YearSource = y, "section"
		}
	}

	pending := groupTables(doc)
	votes := [Format2021 + 1]int{}
	tables := make([]*Table, len(pending))
	for i, pt := range pending {
		t := &Table{Kind: pt.kind, Layout: pt.layout, Span: Span{pt.rows[0].row.Start, pt.rows[len(pt.rows)-1].row.End}}
		t.Format, t.evidence, t.decided = tableFormat(pt)
		if t.decided {
			votes[t.Format]++
		}
		tables[i] = t
	}
	switch {
	case template != FormatUnknown:
		rep.Format = template
	case rep.Year != 0:
		rep.Format = FormatForYear(rep.Year)
	case votes[Format2019] > votes[Format2021]:
		rep.Format = Format2019
	case votes[Format2021] > 0:
		rep.Format = Format2021
	}
	// The labels are recorded into an array sized at once: growing it label by label
	// was 8 % of the time of checking a long document, and at the size limit held the
	// old array of 200 000 records and the new at once.
	labels := len(rep.Sections)
	for _, pt := range pending {
		labels += pt.texts
	}
	rep.labels = make([]labelRecord, 0, labels)
	worded := 0
	for i, pt := range pending {
		t := tables[i]
		if !t.decided {
			t.Format = rep.Format
			if t.Format == FormatUnknown {
				t.Format = Format2021
			}
		}
		m := &matcher{rep: rep, text: text, table: t, tmpl: TemplateFor(t.Format), rows: make([]Row, len(pt.rows))}
		t.Rows = make([]*Row, 0, len(pt.rows))
		for _, pr := range pt.rows {
			m.matchRow(pr)
		}
		// The keys of the table's cells are not read again: let them go while the
		// next tables are matched (a file of tables holds a million of them).
		pending[i] = nil
		if len(t.Rows) == 0 {
			continue
		}
		worded += m.worded
		rep.Tables = append(rep.Tables, t)
	}
	for _, s := range rep.Sections {
		rep.labels = append(rep.labels, labelRecord{token: s.Heading, want: SectionHeadings[s.Kind-1],
			standard: s.Standard, heading: true, format: rep.Format})
	}

	rep.IsReport = titleWordsSeen && (len(rep.Sections) > 0 || worded > 0 || landmarkInText(doc))
	if !rep.IsReport {
		// Not a report: nothing it seemed to say about a year or format holds.
		rep.Year, rep.YearSource, rep.Format = 0, "", FormatUnknown
		return rep
	}
	findUnread(rep)
	return rep
}

// landmarkInText reports whether a paragraph holds, anywhere in it, an official
// section heading or one of the long table labels (「第二十条第（一）项」, 「一、本年新
// 收政府信息公开申请数量」): a page's text on one line with no table in it. Short
// labels such as 规章 are left out, as prose names them.
func landmarkInText(doc *Document) bool {
	for _, b := range doc.Blocks {
		if b.Kind != Paragraph {
			continue
		}
		k := foldKey(doc.Text[b.Start:b.End])
		for _, h := range headingKeys {
			if strings.Contains(k, h) {
				return true
			}
		}
		for _, w := range longLabelKeys() {
			if strings.Contains(k, w) {
				return true
			}
		}
	}
	return false
}

// longLabelKeys are the keys of the table words of eight characters or more, made
// when a text without tables is first looked at for them.
var longLabelKeys = sync.OnceValue(func() []string {
	var out []string
	for k := range lex.words {
		if utf8.RuneCountInString(k) >= 8 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
})

// titleAt recognises a title starting at paragraph block i: the title words in it,
// or in it and the next one or two paragraphs when the title is split over lines
// (「西坡在2020年度政府信息公开工作」/「年 度 报 告」).
func titleAt(doc *Document, i int) (Span, bool) {
	text := doc.Text
	start := doc.Blocks[i].Start
	var joined strings.Builder
	for n := 0; n < maxTitleParts && i+n < len(doc.Blocks); n++ {
		b := doc.Blocks[i+n]
		if b.Kind != Paragraph {
			break
		}
		if _, ok := headingAt(text, b.Start, b.End); ok {
			break
		}
		s := text[b.Start:b.End]
		a, e := stripMarkup(text, b.Start, b.End)
		if n == 0 {
			start = a
		}
		s = text[a:e]
		if runeCount(s) > maxTitleRunes || strings.Contains(s, "。") {
			break
		}
		joined.WriteString(s)
		if titleWords(joined.String()) {
			return Span{start, e}, true
		}
	}
	return Span{}, false
}

// sectionOneYear is the first 「YYYY年」 in the prose of section 一.
func sectionOneYear(rep *Report) int {
	for _, s := range rep.Sections {
		if s.Kind != 1 {
			continue
		}
		for _, b := range rep.Doc.Blocks {
			if b.Kind == Paragraph && b.Start >= s.Heading.End && b.End <= s.End {
				if y := yearIn(rep.Text[b.Start:b.End]); y != 0 {
					return y
				}
			}
		}
		return 0
	}
	return 0
}

// lineStart returns the offset of the start of the line holding offset.
func lineStart(text string, offset int) int {
	for offset > 0 && text[offset-1] != '\n' && text[offset-1] != '\r' {
		offset--
	}
	return offset
}

// pendingRow is a grid row routed to a table, with the keys of its cells and the
// table each cell's word belongs to (tableOf), worked out once for the several
// passes over them.
type pendingRow struct {
	row   *GridRow
	keys  []string
	kinds []TableKind
}

// pendingTable is a run of rows routed to one table before it is matched.
type pendingTable struct {
	kind   TableKind
	layout Layout
	rows   []pendingRow
	// The evidence of the format its wording follows, weighed as rows join it: the
	// score of each format and the first cell that tells it.
	score [2]int
	first [2]Span
	seen  [2]bool
	// texts counts its text cells: the labels the matcher may record.
	texts int
}

// groupTables routes the rows of the document's grids to tables. A table runs until a
// paragraph, or a row whose wording belongs to another table; a row whose wording
// tells nothing joins the table before it, and is dropped when there is none. A
// paragraph that is a table word of the open table (a row of one cell, as a
// spreadsheet copy leaves it without a separator) is one of its rows.
func groupTables(doc *Document) []*pendingTable {
	var out []*pendingTable
	var open *pendingTable
	add := func(pr pendingRow, senses [][]sense, layout Layout) {
		k := voteTable(pr)
		switch {
		case k != 0 && (open == nil || open.kind != k):
			open = &pendingTable{kind: k, layout: layout}
			out = append(out, open)
		case k == 0 && open == nil:
			return
		}
		open.rows = append(open.rows, pr)
		open.weigh(pr, senses)
	}
	var senses [][]sense // of the keys of the row being added
	for bi := range doc.Blocks {
		b := &doc.Blocks[bi]
		if b.Kind == Paragraph {
			if open != nil && b.End-b.Start <= 4*maxFuzzyRunes {
				k := foldKey(doc.Text[b.Start:b.End])
				if ss := lex.senses(k); tableOfSenses(ss) == open.kind {
					c := newCell(doc.Text, b.Start, b.End)
					row := &GridRow{Span: b.Span, Cells: []Cell{c}}
					pr := pendingRow{row: row, keys: []string{k}, kinds: []TableKind{open.kind}}
					open.rows = append(open.rows, pr)
					open.weigh(pr, append(senses[:0], ss))
					continue
				}
			}
			open = nil
			continue
		}
		// The keys of all the grid's cells share one array.
		n := 0
		for ri := range b.Grid.Rows {
			n += len(b.Grid.Rows[ri].Cells)
		}
		all, allKinds := make([]string, n), make([]TableKind, n)
		for ri := range b.Grid.Rows {
			row := &b.Grid.Rows[ri]
			m := len(row.Cells)
			keys, kinds := all[:m:m], allKinds[:m:m]
			all, allKinds = all[m:], allKinds[m:]
			senses = senses[:0]
			for ci := range row.Cells {
				var ss []sense
				if row.Cells[ci].Kind == CellText { // the others have no key
					keys[ci], ss = cellKeySenses(doc.Text, &row.Cells[ci])
					kinds[ci] = tableOfSenses(ss)
				}
				senses = append(senses, ss)
			}
			add(pendingRow{row: row, keys: keys, kinds: kinds}, senses, b.Grid.Layout)
		}
	}
	return out
}

// cellKeySenses is cellKey with the senses of the key, as lex.lookup finds them.
func cellKeySenses(doc string, c *Cell) (string, []sense) {
	if c.Kind != CellText || c.Token.End-c.Token.Start > 4*maxFuzzyRunes {
		return "", nil
	}
	return lex.lookup(c.text(doc))
}

// tableOf is the one table a word belongs to, 0 when it belongs to none or several
// (总计, 其他).
func tableOf(key string) TableKind { return tableOfSenses(lex.senses(key)) }

// tableOfSenses is tableOf of a key with senses ss.
func tableOfSenses(ss []sense) TableKind {
	var k TableKind
	for _, s := range ss {
		if k != 0 && s.table != k {
			return 0
		}
		k = s.table
	}
	return k
}

// voteTable says which table a row's wording belongs to, 0 when it does not tell.
func voteTable(pr pendingRow) TableKind {
	var votes [Table4 + 1]int
	numbers := 0
	for i := range pr.row.Cells {
		if pr.row.Cells[i].isNumber() {
			numbers++
			continue
		}
		if k := pr.kinds[i]; k != 0 {
			votes[k]++
		}
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

// keyOtherHandling is the key of （六）其他处理, which tells 2019 from 2021 in Table 3.
var keyOtherHandling = wordingKey("（六）其他处理")

// tableFormat tells which format's layout a table follows from its wording. evidence
// is the cell that tells most; decided is false when nothing tells.
func tableFormat(pt *pendingTable) (f Format, evidence Span, decided bool) {
	switch {
	case pt.score[0] > pt.score[1]:
		return Format2019, pt.first[0], true
	case pt.score[1] > pt.score[0]:
		return Format2021, pt.first[1], true
	}
	return FormatUnknown, Span{}, false
}

// weigh adds to the table's format evidence what row pr tells; senses[i] holds the
// senses of pr.keys[i], as the row was routed by them.
func (pt *pendingTable) weigh(pr pendingRow, senses [][]sense) {
	note := func(m formatMask, w int, sp Span) {
		for i, bit := range []formatMask{mask2019, mask2021} {
			if m == bit {
				pt.score[i] += w
				if !pt.seen[i] {
					pt.first[i], pt.seen[i] = sp, true
				}
			}
		}
	}
	cells := pr.row.Cells
	for i := range cells {
		if cells[i].Kind == CellText {
			pt.texts++
		}
		if pr.keys[i] == "" {
			continue
		}
		for _, s := range senses[i] {
			if s.table == pt.kind && s.formats != maskBoth {
				note(s.formats, max(s.weight, 1), cells[i].Token)
			}
		}
		// In 2019 （六）其他处理 is a row of numbers; in 2021 it heads three sub-rows.
		if pt.kind == Table3 && pr.keys[i] == keyOtherHandling && numberAfter(cells, i) && !wordAfter(pr, i) {
			note(mask2019, 2, cells[i].Token)
		}
	}
}

func numberAfter(cells []Cell, i int) bool {
	for j := i + 1; j < len(cells); j++ {
		if cells[j].isNumber() {
			return true
		}
	}
	return false
}

func wordAfter(pr pendingRow, i int) bool {
	for j := i + 1; j < len(pr.keys); j++ {
		if lex.isWord(pr.keys[j]) {
			return true
		}
	}
	return false
}

// matcher matches the rows of one table to one format's template.
type matcher struct {
	rep   *Report
	text  string
	table *Table
	tmpl  *Template
	block *Item // the 第二十条 item the last title row opened
	data4 bool  // Table 4's data row has been seen
	// rows holds the table's rows, one array for all.
	rows []Row
	// worded counts labels given template wording: each is a report landmark.
	worded int
}

func (m *matcher) format() Format { return m.table.Format }

// record notes a label cell and the template wording it stands for.
func (m *matcher) record(c *Cell, want string, standard bool, f Format) {
	if want != "" {
		m.worded++
	}
	m.rep.labels = append(m.rep.labels, labelRecord{token: c.Token, want: want,
		table: m.table.Kind, format: f, standard: standard, split: c.more != nil})
}

func (m *matcher) matchRow(pr pendingRow) {
	numbers, texts := 0, 0
	for i := range pr.row.Cells {
		switch c := &pr.row.Cells[i]; {
		case c.isNumber():
			numbers++
		case c.Kind == CellText:
			texts++
		}
	}
	if numbers == 0 && texts == 0 {
		return // a row of empty cells, as web pages leave after a table
	}
	row := &m.rows[0]
	m.rows = m.rows[1:]
	*row = Row{Span: pr.row.Span, Cells: pr.row.Cells, Label: -1}
	m.table.Rows = append(m.table.Rows, row)
	if numbers == 0 && m.matchHeader(row, pr.keys) {
		return
	}
	if m.table.Kind == Table2 && m.matchBlockTitle(row, pr.keys) {
		return
	}
	if m.table.Kind == Table4 {
		if numbers > 0 {
			// A row of words that is no header (a note under one, broken off) is
			// not the data row.
			m.matchTable4Data(row)
		}
		return
	}
	m.matchLabelled(row, pr.keys)
}

// nonBlank lists the indexes of a row's non-blank cells.
// They are appended to dst, a caller's array on its stack: growing a slice from nil
// took several allocations for a row of a dozen cells.
func nonBlank(row *Row, dst []int) []int {
	out := dst[:0]
	for i := range row.Cells {
		if row.Cells[i].Kind != CellBlank {
			out = append(out, i)
		}
	}
	return out
}

// headerRow picks the template header row a row of words stands for, or nil.
func (m *matcher) headerRow(keys []string, nb []int) []string {
	// has reports a cell that stands for one of the header words whose keys are ks.
	has := func(ks ...string) bool {
		for _, i := range nb {
			for _, k := range ks {
				if lex.headerMatches(keys[i], k) {
					return true
				}
			}
		}
		return false
	}
	switch m.table.Kind {
	case Table2:
		if !has(hdr.infoContent) {
			return nil
		}
		if m.block != nil {
			return m.block.Header
		}
		best, bestN := m.tmpl.Table2[0], -1
		for _, b := range m.tmpl.Table2 {
			n := 0
			for _, h := range b.Header {
				if has(lex.headerKeys[h]) {
					n++
				}
			}
			if n > bestN {
				best, bestN = b, n
			}
		}
		return best.Header
	case Table3:
		switch {
		case has(hdr.applicant...):
			return m.tmpl.Table3Header[0]
		case has(hdr.applicantKinds...):
			return m.tmpl.Table3Header[1]
		case has(hdr.organisations...):
			return m.tmpl.Table3Header[2]
		}
	case Table4:
		switch {
		case has(hdr.suits...):
			return m.tmpl.Table4Header[1]
		case has(hdr.reviewAndSuit...) && len(nb) <= 3:
			return m.tmpl.Table4Header[0]
		case has(hdr.results...):
			return m.tmpl.Table4Header[2]
		}
	}
	return nil
}

// hdr holds the keys of the header words that tell which header row a row is.
var hdr = struct {
	infoContent                              string
	applicant, applicantKinds, organisations []string
	suits, reviewAndSuit, results            []string
}{
	infoContent:    wordingKey("信息内容"),
	applicant:      foldKeys(table3Note, "申请人情况"),
	applicantKinds: foldKeys("自然人", "法人或其他组织"),
	organisations:  foldKeys("商业企业", "科研机构", "社会公益组织", "法律服务机构"),
	suits:          foldKeys("未经复议直接起诉", "复议后起诉"),
	reviewAndSuit:  foldKeys("行政复议", "行政诉讼"),
	results:        foldKeys("结果维持", "结果纠正", "其他结果", "尚未审结"),
}

func foldKeys(words ...string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = wordingKey(w)
	}
	return out
}

// matchHeader checks a header row cell by cell against the template's header row:
// position decides when the counts agree (「合计」 in 总计's place), similarity
// otherwise.
func (m *matcher) matchHeader(row *Row, keys []string) bool {
	var buf [16]int
	nb := nonBlank(row, buf[:0])
	want := m.headerRow(keys, nb)
	if want == nil {
		return false
	}
	for j, i := range nb {
		c := &row.Cells[i]
		k := keys[i]
		w := ""
		if len(nb) == len(want) {
			w = want[j]
		} else {
			for _, cand := range want {
				if lex.headerMatches(k, lex.headerKeys[cand]) && (k == lex.headerKeys[cand] || strings.Contains(cand, "稽关系")) {
					w = cand
					break
				}
			}
			if w == "" {
				if cand, s := closest(k, want); s >= 0.5 {
					w = cand
				}
			}
		}
		standard := w != "" && (k == lex.headerKeys[w] || w == table3Note && strings.Contains(k, "稽关系"))
		m.record(c, w, standard, m.format())
	}
	return true
}

// matchBlockTitle recognises a 第二十条 title row of Table 2 and opens its block.
func (m *matcher) matchBlockTitle(row *Row, keys []string) bool {
	var buf [16]int
	nb := nonBlank(row, buf[:0])
	if len(nb) == 0 {
		return false
	}
	c := &row.Cells[nb[0]]
	k := keys[nb[0]]
	if !strings.HasPrefix(k, "第二十条") {
		return false
	}
	if b, ok := lex.items[m.format()][k]; ok {
		m.block = b
		m.record(c, b.Title, true, m.format())
		return true
	}
	other := otherFormat(m.format())
	if b, ok := lex.items[other][k]; ok {
		// A block of the other format: template-version reports it.
		m.block = b
		m.record(c, b.Title, true, other)
		return true
	}
	titles := make([]string, len(m.tmpl.Table2))
	for i, b := range m.tmpl.Table2 {
		titles[i] = b.Title
	}
	if t, s := closest(k, titles); s >= minSimilarity {
		for _, b := range m.tmpl.Table2 {
			if b.Title == t {
				m.block = b
			}
		}
		m.record(c, t, false, m.format())
		return true
	}
	return false
}

func otherFormat(f Format) Format {
	if f == Format2019 {
		return Format2021
	}
	return Format2019
}

// rowLabels lists the template labels of the matcher's table: row labels, or group
// labels.
func (m *matcher) rowLabels(groups bool) []string {
	var out []string
	for _, r := range m.tmpl.rows(m.table.Kind) {
		if r.Label != "" && (r.Role == RoleGroup) == groups {
			out = append(out, r.Label)
		}
	}
	return out
}

// lookupRow finds the template row a label's key stands for in this table: exactly,
// or through a known variant (then standard is false).
func (m *matcher) lookupRow(k string) (tr *TemplateRow, standard bool) {
	rows := lex.rows[m.format()]
	if r, ok := rows[k]; ok && r.Table == m.table.Kind {
		return r, true
	}
	if want, ok := lex.aliases[k]; ok {
		w := want[0]
		if m.format() == Format2021 {
			w = want[1]
		}
		if r, ok := rows[lex.key(w)]; ok && w != "" && r.Table == m.table.Kind {
			return r, false
		}
	}
	return nil, false
}

// maxLabelCells is how many leading text cells may hold a row's labels: up to two
// group labels and the row label, and a little slack.
const maxLabelCells = 4

// matchLabelled matches a row of Table 2 or 3: its label is the last leading word
// that is a template row label (group labels such as 三、本年度办理结果 may stand
// before it), and the cells after the label are its values.
func (m *matcher) matchLabelled(row *Row, keys []string) {
	firstNum := len(row.Cells)
	for i := range row.Cells {
		if row.Cells[i].isNumber() {
			firstNum = i
			break
		}
	}
	var buf [8]int
	cands := buf[:0]
	for i := 0; i < firstNum; i++ {
		if row.Cells[i].Kind == CellText {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return
	}
	label, standard := -1, false
	var tr *TemplateRow
	for j := len(cands) - 1; j >= 0 && tr == nil; j-- {
		if r, std := m.lookupRow(keys[cands[j]]); r != nil {
			label, tr, standard = cands[j], r, std
		}
	}
	if tr == nil {
		// A reworded label stands among the first cells of its row.
		if len(cands) > maxLabelCells {
			cands = cands[:maxLabelCells]
		}
		labels := m.rowLabels(false)
		best := 0.0
		for j := len(cands) - 1; j >= 0; j-- {
			if cand, s := closest(keys[cands[j]], labels); s >= minSimilarity && s > best {
				best, label = s, cands[j]
				tr, _ = m.lookupRow(wordingKey(cand))
			}
		}
	}
	if tr == nil {
		if firstNum < len(row.Cells) {
			// Numbers under a label the template does not have: an added row.
			m.record(&row.Cells[cands[0]], "", false, m.format())
			row.Label = cands[0]
		}
		return
	}
	row.Label, row.Template = label, tr
	m.record(&row.Cells[label], tr.Label, standard, m.format())
	// Group labels sharing the row, such as 三、本年度办理结果 or （三）不予公开.
	for _, i := range cands {
		if i >= label {
			break
		}
		c := &row.Cells[i]
		if r, ok := lex.rows[m.format()][keys[i]]; ok && r.Role == RoleGroup && r.Table == m.table.Kind {
			m.record(c, r.Label, true, m.format())
		} else if cand, s := closest(keys[i], m.rowLabels(true)); s >= minSimilarity {
			m.record(c, cand, false, m.format())
		}
	}
	if tr.Role == RoleGroup {
		return
	}
	setValues(row, label+1, len(tr.Columns))
}

// setValues takes the cells from first on as the row's values. Blank cells past the
// template's column count are dropped, at the end first (trailing separators) and
// then at the start (a label cell merged over several columns, as web pages and Word
// draw Table 3, leaves empty cells between the label and the numbers).
func setValues(row *Row, first, want int) {
	end := len(row.Cells)
	for end > first && end-first > want && row.Cells[end-1].Kind == CellBlank {
		end--
	}
	for end-first > want && row.Cells[first].Kind == CellBlank {
		first++
	}
	row.Values = row.Cells[first:end:end]
}

// matchTable4Data takes the first row of numbers in Table 4 as its data row.
func (m *matcher) matchTable4Data(row *Row) {
	if m.data4 {
		return
	}
	first := 0
	for i := range row.Cells {
		if row.Cells[i].isNumber() {
			break
		}
		if row.Cells[i].Kind == CellText {
			first = i + 1
		}
	}
	m.data4 = true
	row.Template = m.tmpl.Table4
	setValues(row, first, len(m.tmpl.Table4.Columns))
}

// findUnread notes the tables the report should have but whose values could not be
// read: a table whose rows have no value cell at all (its labels were found, its
// numbers not), or a table missing from a section 二 to 四 that is there, whether
// or not its row labels stand in the text as lines of their own.
func findUnread(rep *Report) {
	have := map[TableKind]*Table{}
	for _, t := range rep.Tables {
		if have[t.Kind] == nil {
			have[t.Kind] = t
		}
	}
	sections := map[SectionKind]*Section{}
	for _, s := range rep.Sections {
		if sections[s.Kind] == nil {
			sections[s.Kind] = s
		}
	}
	for _, k := range []TableKind{Table2, Table3, Table4} {
		want := 0
		for _, r := range TemplateFor(rep.Format).rows(k) {
			if r.Role != RoleGroup {
				want++
			}
		}
		if t := have[k]; t != nil {
			// Row labels found are template rows matched, each once however often.
			labels, values := 0, 0
			seen := map[*TemplateRow]bool{}
			for _, r := range t.Rows {
				if r.Template != nil && r.Template.Role != RoleGroup {
					if !seen[r.Template] {
						seen[r.Template] = true
						labels++
					}
					values += len(r.Values)
				}
			}
			if values == 0 {
				rep.unread = append(rep.unread, unreadTable{kind: k, at: t.Rows[0].Span, labels: labels, want: want, numbers: false})
			}
			continue
		}
		labels := 0
		var at Span
		for _, b := range rep.Doc.Blocks {
			if b.Kind == Paragraph && b.End-b.Start <= 4*maxFuzzyRunes && tableOf(foldKey(rep.Text[b.Start:b.End])) == k {
				if labels == 0 {
					at = b.Span
				}
				labels++
			}
		}
		sec := sections[SectionKind(k)]
		switch {
		case labels >= 3:
			rep.unread = append(rep.unread, unreadTable{kind: k, at: at, labels: labels, want: want, asText: true})
		case sec != nil:
			rep.unread = append(rep.unread, unreadTable{kind: k, at: sec.Heading, want: want, missing: true})
		}
	}
}
