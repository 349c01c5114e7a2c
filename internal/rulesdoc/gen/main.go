// Command gen writes the rules reference (see package rulesdoc) to the file named by
// its argument. `go generate ./analysis/` runs it.
package main

import (
	"fmt"
	"os"

	"github.com/nianbao/nianbao/internal/rulesdoc"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen FILE")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], rulesdoc.Render(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
