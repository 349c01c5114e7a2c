package main

import (
	"bufio"
	"encoding/csv"
	"strconv"
)

// csvPrinter writes --format csv: one row per finding, for reviewers who load a
// county's reports into a spreadsheet. The file starts with a UTF-8 byte-order mark,
// without which Excel on a Chinese Windows reads the file as GBK and shows
// mojibake; rows end in CRLF and fields are quoted as RFC 4180 says (encoding/csv),
// so a message's commas, quotes and line breaks stay in their cell.
type csvPrinter struct {
	w       *bufio.Writer
	c       *csv.Writer
	started bool
}

// csvHeader names the columns, in Chinese for the spreadsheet's users.
var csvHeader = []string{"文件", "年度", "机关", "规则", "严重程度", "位置", "说明", "行", "列"}

func (p *csvPrinter) start() {
	if p.started {
		return
	}
	p.started = true
	p.w.WriteString("\uFEFF")
	p.c = csv.NewWriter(p.w)
	p.c.UseCRLF = true
	p.c.Write(csvHeader)
}

func (p *csvPrinter) file(fr *fileReport) error {
	p.start()
	year := ""
	if fr.Year != nil {
		year = strconv.Itoa(*fr.Year)
	}
	for _, d := range fr.diags {
		ln, col := fr.pos.Position(d.Start)
		p.c.Write(csvRow(fr.Path, year, fr.Office, d.Rule, d.Severity.String(), d.Where, d.Message, strconv.Itoa(ln+1), strconv.Itoa(col+1)))
	}
	p.c.Flush()
	return p.c.Error()
}

func (p *csvPrinter) finish() error {
	p.start()
	p.c.Flush()
	if err := p.c.Error(); err != nil {
		return err
	}
	return p.w.Flush()
}

// csvRow makes a row safe to open in a spreadsheet: a field that starts with = + -
// @ or a TAB or CR would be taken for a formula (a label or file name can start so),
// and gets a leading ' as OWASP advises; the spreadsheet shows the text as it is.
func csvRow(fields ...string) []string {
	for i, f := range fields {
		if f != "" {
			switch f[0] {
			case '=', '+', '-', '@', '\t', '\r':
				fields[i] = "'" + f
			}
		}
	}
	return fields
}
