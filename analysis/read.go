package analysis

// Read reads text as a report. template forces a format (FormatUnknown: from the
// report). Read never fails: what it cannot read it leaves out.
func Read(text string, template Format) *Report {
	rep := &Report{Text: text}
	kt := &keyTable{}
	items := scanItems(text, kt)
	// Every label is a word cell or a heading.
	rep.labels = make([]labelRecord, 0, kt.n+16)

	var sections []Section
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
	// Sections are gathered as values and pointed to from one array afterwards.
	if len(sections) > 0 {
		rep.Sections = make([]*Section, len(sections))
		for i := range sections {
			rep.Sections[i] = &sections[i]
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

	pending := groupTables(kt, text, items)
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
		m := newMatcher(text, kt, rep, t, pt)
		before := len(rep.labels)
		for _, rr := range pt.rows {
			m.matchRow(rr)
		}
		if len(t.Rows) == 0 {
			continue
		}
		for j := before; j < len(rep.labels); j++ {
			if rep.labels[j].want != "" {
				landmarks++
			}
		}
		if rep.Tables == nil {
			rep.Tables = make([]*Table, 0, len(pending)-i)
		}
		rep.Tables = append(rep.Tables, t)
	}
	for _, s := range rep.Sections {
		rep.labels = append(rep.labels, labelRecord{token: s.Heading, want: SectionHeadings[s.Kind-1], standard: s.Standard, heading: true, format: uint8(rep.Format)})
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
