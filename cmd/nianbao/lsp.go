package main

import "io"

// runLSP is written by the server work; placeholder.
func runLSP(args []string, stdin io.Reader, stdout, stderr io.Writer) int { return 2 }
