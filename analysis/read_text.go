package analysis

import "strings"

// Lines without separators: paragraphs, and the two layouts whose tables have none —
// one cell per line without indentation, and cells inside running text.

// readText reads the text lines from line i up to the next line of another kind.
func (r *reader) readText(i int) int {
	end := i
	for end < len(r.lines) && (r.class[end] == lineText || r.class[end] == lineBlank) && !r.wrapsIntoTabRow(end) {
		end++
	}
	for i < end {
		if r.class[i] == lineBlank {
			i++
			continue
		}
		j, scanned := r.bareRegion(i, end)
		if j > i {
			r.readBare(i, j)
			i = j
			continue
		}
		// No line up to where the scan stopped starts a table either: each would see
		// fewer of the same lines. (Scanning again from each was quadratic.)
		for stop := max(scanned, i+1); i < stop; i++ {
			if ln := r.lines[i]; r.class[i] != lineBlank && !r.readInline(ln.start, ln.end) {
				r.paragraph(ln.start, ln.end)
			}
		}
	}
	return end
}

// maxBareCellRunes bounds a line that may be a cell of the bare layout.
const maxBareCellRunes = maxContinuationRunes

// bareCell says what a line is as a cell of the bare layout: 0 when it cannot be one
// (too long, a heading, a sentence), else whether it is a table word.
func bareCell(s string) (ok, word bool) {
	ok, word, blank := bareWord(s)
	if ok && !word && !blank {
		ok = !isHeadingLine(s)
	}
	return ok, word
}

// bareWord is bareCell without asking whether the line is a heading: whether it may
// be a cell (a heading among them), whether it is a table word, and whether it is
// blank.
func bareWord(s string) (ok, word, blank bool) {
	if len(s) > 4*maxBareCellRunes || strings.Contains(s, "。") || strings.Contains(s, "；") || runeCount(s) > maxBareCellRunes {
		return false, false, false
	}
	a, b := trimBlank(s, 0, len(s))
	if a == b {
		return true, false, true // a blank cell written as spaces
	}
	if !lex.mayStartWord(s[a:b]) {
		return true, false, false
	}
	k, senses := lex.lookup(s[a:b])
	return true, len(senses) > 0 || lex.isPrefix(k), false
}

// bareRegion returns where a table of the bare layout that starts at line i ends, or
// i when none does, and where its scan stopped. A table starts at a table word and
// runs while lines can be cells (an empty line may stand between rows); it is a
// table when it holds at least three table words and a number.
func (r *reader) bareRegion(i, end int) (int, int) {
	// Line i starts a table only as a word: whether it is a heading need not be asked
	// (most lines that get here are headings or short prose, and folding them a second
	// time for an answer not used was 4 % of a check).
	if _, word, _ := bareWord(r.text[r.lines[i].start:r.lines[i].end]); !word {
		return i, i + 1
	}
	words, numbers, last, j := 1, 0, i+1, i+1
	for ; j < end; j++ {
		ln := r.lines[j]
		s := r.text[ln.start:ln.end]
		if ln.start == ln.end {
			continue
		}
		ok, word := bareCell(s)
		if !ok {
			break
		}
		if word {
			words++
		} else if t := strings.TrimFunc(s, isBlankRune); t != "" {
			if _, isNum := parseNumber(t); isNum {
				numbers++
			}
		}
		last = j + 1
	}
	if words < 3 || numbers < 1 {
		return i, j
	}
	return last, j
}

// readBare reads lines [from, to) as one cell per line.
func (r *reader) readBare(from, to int) {
	var items []streamItem
	gap := false
	for j := from; j < to; j++ {
		ln := r.lines[j]
		if ln.start == ln.end {
			gap = len(items) > 0
			continue
		}
		c := newCell(r.text, ln.start, ln.end)
		items = append(items, streamItem{cell: c, key: cellKey(r.text, &c), gap: gap})
		gap = false
	}
	r.table(LayoutBareLines, segmentRows(r.text, items))
}

// minInlineWords is how many table words a line must hold for its words to be read as
// a table: a sentence may name a row or two.
const minInlineWords = 4

// readInline reads a line of running text that holds tables, as a crawler's text of
// a page gives it (the whole body on one line, cells separated by single spaces):
// its headings and prose become paragraphs and its cells tables. It reports false,
// reading nothing, when the line holds no table.
func (r *reader) readInline(start, end int) bool {
	if end-start < 64 || strings.Count(r.text[start:end], " ") < 2 {
		return false
	}
	toks := inlineTokens(r.text, start, end)
	words, numbers, headings := 0, 0, 0
	for i := range toks {
		switch t := &toks[i]; {
		case t.cell.isNumber():
			numbers++
		case t.key != "" && lex.isWord(t.key):
			words++
		case t.cell.Token.End-t.cell.Token.Start <= 4*maxHeadingRunes:
			if _, ok := headingAt(r.text, t.cell.Token.Start, t.cell.Token.End); ok {
				headings++
			}
		}
	}
	if (words < minInlineWords || numbers < 3) && headings < 2 {
		// No table, and not the headings of a report's body on one line either.
		return false
	}
	toks = joinFragments(r.text, toks)
	prose := -1 // the first token of the paragraph being gathered
	endProse := func(to int) {
		if prose >= 0 {
			r.paragraph(toks[prose].cell.Start, toks[to-1].cell.End)
			prose = -1
		}
	}
	for i := 0; i < len(toks); {
		t := &toks[i]
		if _, ok := headingAt(r.text, t.cell.Token.Start, t.cell.Token.End); ok {
			endProse(i)
			r.paragraph(t.cell.Token.Start, t.cell.Token.End)
			i++
			continue
		}
		if t.key != "" && lex.isWord(t.key) {
			j := i + 1
			for j < len(toks) && inlineTableToken(r.text, &toks[j]) {
				j++
			}
			endProse(i)
			r.table(LayoutInline, segmentRows(r.text, toks[i:j]))
			i = j
			continue
		}
		if prose < 0 {
			prose = i
		}
		i++
	}
	endProse(len(toks))
	return true
}

// inlineTableToken reports whether a token can continue a table in running text: a
// number, a blank, a table word, or a short piece of words in a label's place; a
// heading or a sentence ends the table.
func inlineTableToken(text string, t *streamItem) bool {
	if t.cell.Kind != CellText {
		return true
	}
	if _, ok := headingAt(text, t.cell.Token.Start, t.cell.Token.End); ok {
		return false
	}
	if lex.isWord(t.key) || lex.isPrefix(t.key) {
		return true
	}
	s := text[t.cell.Token.Start:t.cell.Token.End]
	return runeCount(s) <= 20 && !strings.ContainsAny(s, "。；，")
}

// inlineTokens cuts [start, end) at runs of ASCII spaces and TABs. A token of other
// blanks only (「&nbsp;」 as U+00A0, a full-width space) is a blank cell.
func inlineTokens(text string, start, end int) []streamItem {
	var toks []streamItem
	i := start
	for i < end {
		for i < end && (text[i] == ' ' || text[i] == '\t') {
			i++
		}
		j := i
		for j < end && text[j] != ' ' && text[j] != '\t' {
			j++
		}
		if strings.HasPrefix(text[i:j], "[bookmark:") {
			// Word's 「[bookmark: _GoBack]」 in front of a heading is one piece with it.
			if k := strings.IndexByte(text[i:end], ']'); k >= 0 {
				for j < end && j < i+k {
					j++
				}
				for j < end && text[j] != ' ' && text[j] != '\t' {
					j++
				}
			}
		}
		if j > i {
			c := newCell(text, i, j)
			toks = append(toks, streamItem{cell: c, key: cellKey(text, &c)})
		}
		i = j
	}
	return toks
}
