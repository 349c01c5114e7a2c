package main

import (
	"io"
	"os"

	"github.com/nianbao/nianbao/analysis"
)

// colourWanted reports whether the text output is coloured: stdout is a terminal,
// NO_COLOR is unset or empty (https://no-color.org) and TERM is not "dumb". A pipe,
// a file or /dev/null gets plain text.
func colourWanted(stdout io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := stdout.(*os.File)
	return ok && isTerminal(f)
}

// colourSeverity writes the severity word in its colour (an SGR sequence and the
// reset after it): the text printer writes it in place of the plain word.
func colourSeverity(sev analysis.Severity) string {
	code := "2" // hint: faint
	switch sev {
	case analysis.SeverityError:
		code = "1;31"
	case analysis.SeverityWarning:
		code = "33"
	case analysis.SeverityInfo:
		code = "36"
	}
	return "\x1b[" + code + "m" + sev.String() + "\x1b[0m"
}
