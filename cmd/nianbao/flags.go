package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet is the flag set of subcommand name. It writes nothing itself: usage and
// errors are the command's, in Chinese (see flagsFailed).
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// flagsFailed answers an error of parsing the flags of `nianbao cmd`: --help writes
// usage to stdout (status 0), anything else one line on stderr (status 2).
func flagsFailed(err error, cmd, usage string, args []string, stdout, stderr io.Writer) int {
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, usage)
		return 0
	}
	notef(stderr, "nianbao %s: %v（运行 nianbao %s --help 查看用法）", cmd, flagError(err, args), cmd)
	return 2
}

// flagError puts an error of the flag package into Chinese. The flag package names a
// flag with one dash whatever the user typed, so the name is looked up in args to
// report it as typed: "未知参数 --fox", not "-fox".
func flagError(err error, args []string) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Errorf("未知参数 %s", typedFlag(name, args))
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return fmt.Errorf("参数 %s 缺少取值", typedFlag(name, args))
	}
	// invalid boolean value "maybe" for -fix: parse error
	var value, name string
	if _, scanErr := fmt.Sscanf(msg, "invalid boolean value %q for %s", &value, &name); scanErr == nil {
		return fmt.Errorf("参数 %s 只能是 true 或 false，不能是 %q", typedFlag(strings.TrimSuffix(name, ":"), args), value)
	}
	if _, scanErr := fmt.Sscanf(msg, "invalid value %q for flag %s", &value, &name); scanErr == nil {
		return fmt.Errorf("参数 %s 的取值 %q 无效", typedFlag(strings.TrimSuffix(name, ":"), args), value)
	}
	if arg, ok := strings.CutPrefix(msg, "bad flag syntax: "); ok {
		return fmt.Errorf("参数格式不对：%s", arg)
	}
	return fmt.Errorf("参数错误：%s", msg)
}

// typedFlag finds how the user wrote the flag the flag package calls name ("-fox"):
// "--fox" or "-fox", without any "=value".
func typedFlag(name string, args []string) string {
	bare := strings.TrimLeft(name, "-")
	for _, a := range args {
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		typed, _, _ := strings.Cut(a, "=")
		if strings.TrimLeft(typed, "-") == bare {
			return typed
		}
	}
	return name
}
