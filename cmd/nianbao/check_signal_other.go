//go:build !unix

package main

import "os"

var interruptSignals = []os.Signal{os.Interrupt}

func signalName(sig os.Signal) string { return "中断信号" }

// ignoreBrokenPipe: there is no SIGPIPE; a write to a closed pipe fails.
func ignoreBrokenPipe() {}

// exitBySignal gives the status of an interrupted run: 130, as for Ctrl-C in a
// Unix shell.
func exitBySignal(os.Signal) int { return 130 }
