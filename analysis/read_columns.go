package analysis

// Columns aligned with spaces, as `pdftotext -layout` writes a PDF's tables.

// markColumns marks the lines of text that belong to tables written in columns
// aligned with spaces (lineColumns).
func markColumns(text string, lines []line, class []lineClass) {}

// readColumns reads the run of column lines starting at line i.
func (r *reader) readColumns(i int) int {
	end := i
	for end < len(r.lines) && r.class[end] == lineColumns {
		end++
	}
	for ; i < end; i++ {
		r.paragraph(r.lines[i].start, r.lines[i].end)
	}
	return end
}
