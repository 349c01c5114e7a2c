//go:build js && wasm

// Command wasm is the engine of the web page (editors/web), built with
// GOOS=js GOARCH=wasm (`make web`) and run in a Web Worker: it sets a global object
// nianbao whose functions take and return JSON strings, and waits. All the work is
// package engine's; this file only crosses into JavaScript.
package main

import (
	"encoding/json"
	"fmt"

	"syscall/js"

	"github.com/nianbao/nianbao/editors/web/engine"
)

func main() {
	var s engine.Session
	api := map[string]any{
		// check(path, text) → the file object of `nianbao check --format json`.
		"check": fn(func(args []js.Value) any {
			return marshal(s.Check(args[0].String(), args[1].String()))
		}),
		// setOptions(template, disabledRulesJSON) → {error}: "" or why they were
		// refused (the options then stay as they were).
		"setOptions": fn(func(args []js.Value) any {
			var disabled []string
			msg := ""
			if err := json.Unmarshal([]byte(args[1].String()), &disabled); err != nil {
				msg = "规则列表无法读取：" + err.Error()
			} else if err := s.SetOptions(args[0].String(), disabled); err != nil {
				msg = err.Error()
			}
			return marshal(map[string]string{"error": msg})
		}),
		// hover(line, character) → a hover or null, on the text last checked.
		"hover": fn(func(args []js.Value) any {
			return marshal(s.HoverAt(args[0].Int(), args[1].Int()))
		}),
		"outline": fn(func([]js.Value) any { return marshal(s.Outline()) }),
		"rules":   fn(func([]js.Value) any { return marshal(engine.Rules()) }),
		// read(name, bytes) → {text, note, error}: a file opened or HTML pasted.
		"read": fn(func(args []js.Value) any {
			b := make([]byte, args[1].Get("length").Int())
			js.CopyBytesToGo(b, args[1])
			text, note, err := engine.Read(args[0].String(), b)
			out := map[string]string{"text": text, "note": note, "error": ""}
			if err != nil {
				out["error"] = err.Error()
			}
			return marshal(out)
		}),
	}
	js.Global().Set("nianbao", js.ValueOf(api))
	select {}
}

// fn wraps f so that a panic becomes a JSON error for the one call instead of a
// dead module: the page then says so and keeps the text.
func fn(f func([]js.Value) any) js.Func {
	return js.FuncOf(func(this js.Value, args []js.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				out = marshal(map[string]string{"error": fmt.Sprintf("检查程序出错：%v", r)})
			}
		}()
		return f(args)
	})
}

func marshal(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":` + fmt.Sprintf("%q", err.Error()) + `}`
	}
	return string(b)
}
