package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
)

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
