package analysis

import "sync"

// readScratch holds the reader's working arrays: the items of the text, the keys of
// cells that are no vocabulary word, the rows routed to tables. Nothing keeps them
// after Read returns, and they are as large as the report itself, so they are reused
// from one Read to the next rather than left to the collector, whose cycles were a
// third of a check's time.
type readScratch struct {
	keys     keyTable
	items    []rawRow
	rows     []*rawRow // the rows of all pending tables
	pending  []pendingTable
	sections []Section
	nb       []int // the matcher's nonBlank
}

var readPool = sync.Pool{New: func() any { return new(readScratch) }}

// maxPooled bounds each array of the scratch kept for the next Read: the arrays of a
// document of many reports are left to the collector rather than held while small
// ones are read. The other arrays are no longer than items.
const maxPooled = 4096

// release clears what sc holds, so that it keeps no text or cells alive, and returns
// it to the pool. What lies past each length was cleared by an earlier release.
func (sc *readScratch) release() {
	if cap(sc.items) > maxPooled || cap(sc.keys.entries) > maxPooled || cap(sc.nb) > maxPooled {
		return
	}
	clear(sc.keys.entries)
	clear(sc.items)
	clear(sc.rows)
	clear(sc.pending)
	sc.keys = keyTable{entries: sc.keys.entries[:0]}
	sc.items, sc.rows, sc.pending = sc.items[:0], sc.rows[:0], sc.pending[:0]
	sc.sections, sc.nb = sc.sections[:0], sc.nb[:0]
	readPool.Put(sc)
}

// Read reads text as a report. template forces a format (FormatUnknown: from the
// report). Read never fails: what it cannot read it leaves out.
func Read(text string, template Format) *Report { return read(text, template, nil) }

// read is Read that also appends to labels, when it is not nil, every label cell and
// heading matched to template wording. Only hover asks for them (Result.LabelAt), so
// a check does not keep them: they were a tenth of what it allocated.
func read(text string, template Format, labels *[]labelRecord) *Report {
	sc := readPool.Get().(*readScratch)
	defer sc.release()
	rep := &Report{Text: text}
	kt := &sc.keys
	items := scanItems(text, kt, sc.items)
	sc.items = items
	if labels != nil {
		// Every label is a word cell or a heading.
		*labels = make([]labelRecord, 0, kt.n+16)
	}

	sections := sc.sections
	landmarks := 0
	titleYear := 0
	textLines := 0
	for i := range items {
		it := &items[i]
		if !it.isText() {
			continue
		}
		textLines++
		if h, ok := headingAt(text, it.Start, it.End); ok {
			sections = append(sections, Section{Kind: h.kind, Heading: h.token, Span: Span{h.token.Start, len(text)}, Standard: h.standard})
			landmarks++
			continue
		}
		// The title heads the document; a line naming a 年度报告 further down is prose.
		if len(sections) == 0 && rep.Title == (Span{}) && textLines <= maxTitleLine {
			if tok, y, ok := titleOf(text, it.Start, it.End); ok {
				rep.Title, titleYear = tok, y
				landmarks++
			}
		}
	}
	sc.sections = sections
	// Sections are gathered as values and pointed to from one array afterwards.
	if len(sections) > 0 {
		kept := make([]Section, len(sections))
		copy(kept, sections)
		rep.Sections = make([]*Section, len(kept))
		for i := range kept {
			rep.Sections[i] = &kept[i]
		}
	}
	for i := 0; i+1 < len(rep.Sections); i++ {
		rep.Sections[i].End = lineStart(text, rep.Sections[i+1].Heading.Start)
	}

	switch {
	case titleYear != 0:
		rep.Year, rep.YearSource = titleYear, "title"
	default:
		if y := periodYear(text); y != 0 {
			rep.Year, rep.YearSource = y, "period"
		}
	}

	pending := groupTables(kt, text, items, sc)
	tables := make([]Table, len(pending)) // one array for the tables, as for their rows
	var votes [Format2021 + 1]int
	for i := range pending {
		pt := &pending[i]
		t := &tables[i]
		*t = Table{Kind: pt.kind, Layout: pt.rows[0].layout, Span: Span{pt.rows[0].Start, pt.rows[len(pt.rows)-1].End}}
		t.Format, t.evidence, t.decided = tableFormat(kt, pt)
		if t.decided {
			votes[t.Format]++
		}
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

	for i := range pending {
		pt := &pending[i]
		t := &tables[i]
		if !t.decided {
			t.Format = rep.Format
			if t.Format == FormatUnknown {
				t.Format = Format2021
			}
		}
		m := newMatcher(text, kt, rep, t, pt, sc, labels)
		for _, rr := range pt.rows {
			m.matchRow(rr)
		}
		sc.nb = m.nb
		if len(t.Rows) == 0 {
			continue
		}
		landmarks += m.worded
		if rep.Tables == nil {
			rep.Tables = make([]*Table, 0, len(pending)-i)
		}
		rep.Tables = append(rep.Tables, t)
	}
	if labels != nil {
		for _, s := range rep.Sections {
			*labels = append(*labels, labelRecord{token: s.Heading, want: SectionHeadings[s.Kind-1], standard: s.Standard, heading: true, format: uint8(rep.Format)})
		}
	}

	rep.IsReport = landmarks >= 2
	if !rep.IsReport {
		// Not a report: nothing it seemed to say about a year or format holds.
		rep.Year, rep.YearSource, rep.Format = 0, "", FormatUnknown
		return rep
	}
	computeArithmetic(rep)
	return rep
}

// maxTitleLine is how many text lines from the top the title may stand.
const maxTitleLine = 5

// lineStart returns the offset of the start of the line holding offset.
func lineStart(text string, offset int) int {
	for offset > 0 && text[offset-1] != '\n' && text[offset-1] != '\r' {
		offset--
	}
	return offset
}
