package analysis

import "strings"

// Tables written as a stream of cells with nothing to mark where a row ends: one cell
// per line without indentation (LayoutBareLines), or cells separated by single spaces
// in running text (LayoutInline). The rows are cut by what the cells say: a row
// starts at a row label or a 第二十条 title, a header row is the longest run of cells
// that spells a template header row, and the numbers after a label are that row's.

// streamItem is one cell of a stream.
type streamItem struct {
	cell Cell
	key  string // folded text of a text cell, "" otherwise
	// gap is set when an empty line stands before the cell: a row break the writer made.
	gap bool
}

// streamRole is what a cell of a stream does for cutting rows.
type streamRole uint8

const (
	streamValue  streamRole = iota + 1 // a number, a blank, or a placeholder such as 「/」
	streamTitle                        // a 第二十条 title: a row of its own
	streamGroup                        // a Table 3 group label: may share a row with a label
	streamLabel                        // a row label, or unknown words in a label's place
	streamHeader                       // a header word
)

func (it *streamItem) role() streamRole {
	if it.cell.Kind != CellText {
		return streamValue
	}
	senses := lex.senses(it.key) // once, not for each role
	switch {
	case hasRole(senses, roleTitle):
		return streamTitle
	case hasRole(senses, roleRow):
		return streamLabel
	case hasRole(senses, roleGroup):
		return streamGroup
	case hasRole(senses, roleHeader):
		return streamHeader
	case runeCount(it.key) <= 2:
		// 「/」「—」「无」: what people write in a number cell instead of a number.
		return streamValue
	}
	return streamLabel
}

// joinFragments merges consecutive text cells that are one table word wrapped in two
// (「商业」「企业」, 「规」「章」).
func joinFragments(text string, items []streamItem) []streamItem {
	out := items[:0]
	for _, it := range items {
		if n := len(out); n > 0 && !it.gap && it.key != "" && lex.joins(out[n-1].key, it.key) {
			prev := &out[n-1]
			prev.cell = newCell(text, prev.cell.Start, it.cell.End)
			prev.key = cellKey(text, &prev.cell)
			continue
		}
		out = append(out, it)
	}
	return out
}

// segmentRows cuts a stream into rows.
//
// A row holds as many values as its table's rows have: seven in Table 3, as many as
// the last header row of Table 2 has columns, fifteen in Table 4's data row. A value
// past that count starts a row of its own, as what follows a table in running text
// is no part of its last row.
func segmentRows(text string, items []streamItem) []GridRow {
	items = joinFragments(text, items)
	var rows []GridRow
	var cur []Cell
	values, expect := 0, 0 // values in the current row, and how many it takes (0: unknown)
	filler := 0            // blanks that lead the current row's values
	hasLabel := false
	table2Values, dataValues := 0, 0 // values of a Table 2 row, of an unlabelled row
	flush := func() {
		if len(cur) > 0 {
			rows = append(rows, GridRow{Span: Span{cur[0].Start, cur[len(cur)-1].End}, Cells: cur})
		}
		cur, values, expect, hasLabel, filler = nil, 0, 0, false, 0
	}
	for i := 0; i < len(items); {
		it := &items[i]
		if it.gap {
			flush()
		}
		role := it.role()
		if role == streamHeader || role == streamLabel && strings.Contains(it.key, "稽关系") {
			if n, h := headerRun(items, i); n > 0 {
				flush()
				for _, h := range items[i : i+n] {
					cur = append(cur, h.cell)
				}
				flush()
				switch info := lex.headerInfo[h]; info.table {
				case Table2:
					table2Values, dataValues = info.values, 0
				case Table4:
					dataValues = info.values
				default:
					dataValues = 0
				}
				i += n
				continue
			}
		}
		switch role {
		case streamTitle:
			flush()
			cur = append(cur, it.cell)
			flush()
			i++
			continue
		case streamGroup:
			if values > 0 || hasLabel {
				flush()
			}
		case streamLabel, streamHeader:
			if values > 0 || hasLabel {
				flush()
			}
			hasLabel = true
			switch tableOf(it.key) {
			case Table3:
				expect = len(table3Columns)
			case Table2:
				expect = table2Values
			}
		case streamValue:
			if expect > 0 && values == expect {
				if filler > 0 {
					// More values than the row takes, and blanks before them: those
					// were the empty cells a merged cell leaves (Table 3's labels
					// span three columns), as setValues drops them too.
					filler--
					values--
				} else {
					flush()
				}
			}
			if len(cur) == 0 {
				expect = dataValues
			}
			if it.cell.Kind == CellBlank && values == filler {
				filler++
			}
			values++
		}
		cur = append(cur, it.cell)
		i++
	}
	flush()
	return rows
}

// headerRun returns how many items from i spell (a prefix of) a template header row,
// blank cells among them included, taking the longest, and which header row of the
// lexicon that is; 0 when not one word matches.
func headerRun(items []streamItem, i int) (int, int) {
	best, which := 0, 0
	for hi, h := range lex.headerRows {
		j, n := i, 0
		for _, w := range h {
			for j < len(items) && items[j].cell.Kind == CellBlank && j > i {
				j++
			}
			if j >= len(items) || !lex.headerMatches(items[j].key, w) {
				break
			}
			j++
			n = j - i
		}
		if n > best {
			best, which = n, hi
		}
	}
	return best, which
}
