package lsp

import (
	"encoding/json"
	"testing"

	"go.lsp.dev/jsonrpc2"
)

func TestParseID(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want jsonrpc2.ID
		ok   bool
	}{
		{`0`, jsonrpc2.NewNumberID(0), true},
		{`7`, jsonrpc2.NewNumberID(7), true},
		{` 2147483647 `, jsonrpc2.NewNumberID(2147483647), true},
		{`-3`, jsonrpc2.NewNumberID(-3), true},
		{`3.0`, jsonrpc2.NewNumberID(3), true},
		{`"请求-1"`, jsonrpc2.NewStringID("请求-1"), true},
		{`2147483648`, jsonrpc2.ID{}, false},
		{`1.5`, jsonrpc2.ID{}, false},
		{`null`, jsonrpc2.ID{}, false},
		{`{}`, jsonrpc2.ID{}, false},
	} {
		got, ok := parseID(json.RawMessage(tc.raw))
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("parseID(%s) = %v, %v; want %v, %v", tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}
