package main

import "io"

// runCheck is written by the CLI work; placeholder.
func runCheck(args []string, stdout, stderr io.Writer) int { return 2 }
