package lsp

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"

	"github.com/nianbao/nianbao/analysis"
)

// waitFor waits until the latest diagnostics of uri at version satisfy ok.
func (c *fakeClient) waitFor(t *testing.T, uri protocol.DocumentURI, version int32, what string, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	t.Helper()
	var out []protocol.Diagnostic
	c.wait(t, what, func() bool {
		ps := c.published[uri]
		if len(ps) == 0 || ps[len(ps)-1].Version != uint32(version) {
			return false
		}
		out = ps[len(ps)-1].Diagnostics
		return ok(out)
	})
	return out
}

func TestWorkspaceConfiguration(t *testing.T) {
	s := newSession(t, sessionOptions{settings: map[string]any{
		"disabledRules": []string{"invalid-number"},
		"severity":      map[string]string{"total-mismatch": "hint"},
	}})
	uri := s.open("配置.md", readSample(t, "pingtan-2020.md"), 1)
	// The first run may still use the defaults; the answer to
	// workspace/configuration re-checks with the client's settings.
	s.client.waitFor(t, uri, 1, "settings applied", func(ds []protocol.Diagnostic) bool {
		if hasCode(ds, "invalid-number") || !hasCode(ds, "total-mismatch") {
			return false
		}
		for _, d := range ds {
			if d.Code == "total-mismatch" && d.Severity != protocol.DiagnosticSeverityHint {
				return false
			}
		}
		return true
	})
}

func TestDidChangeConfigurationRechecks(t *testing.T) {
	s := newSession(t, sessionOptions{})
	uri := s.open("改配置.md", readSample(t, "pingtan-2020.md"), 3)
	if !hasCode(s.client.waitDiagnostics(t, uri, 3), "invalid-number") {
		t.Fatal("invalid-number not reported with default settings")
	}
	push := func(settings any) {
		t.Helper()
		if err := s.server.DidChangeConfiguration(s.ctx, &protocol.DidChangeConfigurationParams{Settings: settings}); err != nil {
			t.Fatal(err)
		}
	}
	push(map[string]any{"nianbao": map[string]any{"severity": map[string]string{"invalid-number": "off"}}})
	s.client.waitFor(t, uri, 3, "invalid-number turned off", func(ds []protocol.Diagnostic) bool {
		return !hasCode(ds, "invalid-number") && hasCode(ds, "total-mismatch")
	})
	push(map[string]any{"nianbao": map[string]any{}})
	s.client.waitFor(t, uri, 3, "defaults restored", func(ds []protocol.Diagnostic) bool {
		return hasCode(ds, "invalid-number")
	})
}

func TestBadSettingsAreShown(t *testing.T) {
	s := newSession(t, sessionOptions{initOptions: map[string]any{
		"template":      "2020",
		"disabledRules": []string{"no-such-rule"},
		"severity":      map[string]string{"blank-cell": "loud"},
	}})
	s.client.wait(t, "a message about the bad settings", func() bool {
		for _, m := range s.client.messages {
			if strings.Contains(m, "2020") && strings.Contains(m, "no-such-rule") && strings.Contains(m, "loud") {
				return true
			}
		}
		return false
	})
	// Bad entries are skipped; the server still checks with the rest.
	uri := s.open("坏配置.md", readSample(t, "pingtan-2020.md"), 1)
	if !hasCode(s.client.waitDiagnostics(t, uri, 1), "total-mismatch") {
		t.Error("no diagnostics with partly bad settings")
	}
}

func TestParseSettingsForms(t *testing.T) {
	for _, raw := range []string{
		`{"template":"2021","disabledRules":["blank-cell"]}`,
		`{"nianbao":{"template":"2021","disabledRules":["blank-cell"]}}`,
	} {
		opts, problems := parseSettings([]byte(raw))
		if opts == nil || len(problems) != 0 || opts.Template.String() != "2021" || !opts.Disabled["blank-cell"] {
			t.Errorf("%s: opts %+v problems %v", raw, opts, problems)
		}
	}
	if opts, _ := parseSettings([]byte(`null`)); opts != nil {
		t.Errorf("null settings: %+v", opts)
	}
	// Neovim sends an empty Lua list as {}: an empty list, and the rest still applies.
	opts, problems := parseSettings([]byte(`{"template":"2019","disabledRules":{},"severity":{"blank-cell":"hint"}}`))
	if opts == nil || len(problems) != 0 || opts.Template.String() != "2019" || len(opts.Disabled) != 0 || opts.Severity["blank-cell"] != analysis.SeverityHint {
		t.Errorf("disabledRules {}: opts %+v problems %v", opts, problems)
	}
	if _, problems := parseSettings([]byte(`{"disabledRules":{"a":1}}`)); len(problems) == 0 {
		t.Error("a non-empty object for disabledRules was accepted")
	}
}

func TestCodeActionOnly(t *testing.T) {
	s := newSession(t, sessionOptions{})
	text := fixableSample(t)
	uri := s.open("只要.md", text, 1)
	s.client.waitDiagnostics(t, uri, 1)
	row := findRange(t, text, pingtanTotal)
	kinds := func(acts []protocol.CodeAction) map[protocol.CodeActionKind]int {
		m := map[protocol.CodeActionKind]int{}
		for _, a := range acts {
			m[a.Kind]++
		}
		return m
	}
	// The two totals' rewrites, and 「忽略此处」 for total-mismatch and
	// balance-mismatch, once each for the row's line.
	if k := kinds(s.codeActions(uri, row)); k[protocol.QuickFix] != 4 || k[fixAllKind] != 1 {
		t.Errorf("no only: %v", k)
	}
	if k := kinds(s.codeActions(uri, row, protocol.Source)); k[protocol.QuickFix] != 0 || k[fixAllKind] != 1 {
		t.Errorf("only source: %v", k)
	}
	if k := kinds(s.codeActions(uri, row, protocol.CodeActionKind("source.fixAll"))); k[fixAllKind] != 1 {
		t.Errorf("only source.fixAll: %v", k)
	}
	if k := kinds(s.codeActions(uri, row, protocol.Refactor)); len(k) != 0 {
		t.Errorf("only refactor: %v", k)
	}
	// A client that supports documentChanges gets edits pinned to the version.
	s2 := newSession(t, sessionOptions{capabilities: protocol.ClientCapabilities{Workspace: &protocol.WorkspaceClientCapabilities{
		WorkspaceEdit: &protocol.WorkspaceClientCapabilitiesWorkspaceEdit{DocumentChanges: true},
	}}})
	uri2 := s2.open("版本.md", text, 9)
	s2.client.waitDiagnostics(t, uri2, 9)
	acts := s2.codeActions(uri2, row, protocol.QuickFix)
	if len(acts) == 0 || len(acts[0].Edit.DocumentChanges) != 1 || *acts[0].Edit.DocumentChanges[0].TextDocument.Version != 9 {
		t.Errorf("versioned edit: %s", mustJSON(t, acts))
	}
}

// TestSettingsFieldByField: a value of the wrong type in one setting, or one bad
// entry in a list or an object, is reported (naming the setting and the value) and
// skipped; every other setting and entry still applies. Before, one entry of the
// wrong type ("disabledRules": ["blank-cell", 7]) dropped the whole section.
func TestSettingsFieldByField(t *testing.T) {
	cases := []struct {
		raw      string
		template string
		disabled []string
		severity map[string]analysis.Severity
		// problems: each must be reported, by a message holding all its words.
		problems [][]string
	}{
		{
			raw:      `{"disabledRules":["blank-cell",7],"template":"2021"}`,
			template: "2021", disabled: []string{"blank-cell"},
			problems: [][]string{{"nianbao.disabledRules", "7", "规则名"}},
		},
		{
			raw:      `{"template":2021,"disabledRules":[{"id":"x"},"invalid-number",null],"severity":{"missing-row":"hint","total-mismatch":3,"blank-cell":null}}`,
			template: "", disabled: []string{"invalid-number"}, // "" is auto
			severity: map[string]analysis.Severity{"missing-row": analysis.SeverityHint},
			problems: [][]string{
				{"nianbao.template", "2021", "auto"},
				{"nianbao.disabledRules", `{"id":"x"}`},
				{"nianbao.disabledRules", "null"},
				{"nianbao.severity", "total-mismatch", "3"},
				{"nianbao.severity", "blank-cell", "null"},
			},
		},
		{
			raw:      `{"nianbao":{"disabledRules":"blank-cell","severity":["hint"],"template":"2019"}}`,
			template: "2019",
			problems: [][]string{
				{"nianbao.disabledRules", `"blank-cell"`, "列表"},
				{"nianbao.severity", `["hint"]`},
			},
		},
	}
	for _, c := range cases {
		opts, problems := parseSettings([]byte(c.raw))
		if opts == nil {
			t.Errorf("%s: no settings at all", c.raw)
			continue
		}
		if got := opts.Template.String(); got != c.template {
			t.Errorf("%s: template %q, want %q", c.raw, got, c.template)
		}
		if len(opts.Disabled) != len(c.disabled) {
			t.Errorf("%s: disabled %v, want %v", c.raw, opts.Disabled, c.disabled)
		}
		for _, id := range c.disabled {
			if !opts.Disabled[id] {
				t.Errorf("%s: %s not disabled", c.raw, id)
			}
		}
		if len(opts.Severity) != len(c.severity) {
			t.Errorf("%s: severity %v, want %v", c.raw, opts.Severity, c.severity)
		}
		for id, sev := range c.severity {
			if opts.Severity[id] != sev {
				t.Errorf("%s: severity of %s is %v, want %v", c.raw, id, opts.Severity[id], sev)
			}
		}
		if len(problems) != len(c.problems) {
			t.Errorf("%s: problems %q, want %d", c.raw, problems, len(c.problems))
			continue
		}
	want:
		for _, words := range c.problems {
			for _, p := range problems {
				if containsAll(p, words) {
					continue want
				}
			}
			t.Errorf("%s: no problem mentions %q in %q", c.raw, words, problems)
		}
	}
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// TestBadSettingEntryIsShownAndSkipped: over the protocol, an entry of the wrong type
// in initializationOptions is shown to the user in window/showMessage, and the rest
// of the section is in force.
func TestBadSettingEntryIsShownAndSkipped(t *testing.T) {
	s := newSession(t, sessionOptions{initOptions: map[string]any{
		"disabledRules": []any{"invalid-number", 7},
	}})
	s.client.wait(t, "a message about the bad entry", func() bool {
		for _, m := range s.client.messages {
			if containsAll(m, []string{"nianbao.disabledRules", "7"}) {
				return true
			}
		}
		return false
	})
	uri := s.open("坏条目.md", readSample(t, "pingtan-2020.md"), 1)
	if ds := s.client.waitDiagnostics(t, uri, 1); hasCode(ds, "invalid-number") || !hasCode(ds, "total-mismatch") {
		t.Errorf("invalid-number should be off and the rest checked: %s", mustJSON(t, ds))
	}
}

// TestNullConfigurationKeepsInitializationOptions: a client that answers
// workspace/configuration with null (Neovim without settings does) has no settings
// of its own, so what initializationOptions said stays in force, for every version
// after the answer too. Before, the null answer replaced it with the defaults:
// invalid-number, disabled at initialize, came back with the next edit.
func TestNullConfigurationKeepsInitializationOptions(t *testing.T) {
	log, answered := logSignal("workspace/configuration answered")
	s := newSession(t, sessionOptions{
		initOptions: map[string]any{"disabledRules": []string{"invalid-number"}},
		settings:    json.RawMessage("null"),
		logger:      log,
	})
	text := readSample(t, "pingtan-2020.md")
	uri := s.open("空设置.md", text, 1)
	select {
	case <-answered:
	case <-time.After(waitTimeout):
		t.Fatal("the answer to workspace/configuration was not applied")
	}
	if ds := s.client.waitDiagnostics(t, uri, 1); hasCode(ds, "invalid-number") {
		t.Errorf("version 1: invalid-number reported though initializationOptions disabled it")
	}
	// A later version is checked with the settings in force after the answer.
	i := strings.Index(text, "我区以习近平")
	p := (&snapshot{text: text}).rangeOf(spanOf(i, i)).Start
	s.change(uri, 2, contentChange{Range: at(int(p.Line), int(p.Character)+2), Text: "中"})
	ds := s.client.waitDiagnostics(t, uri, 2)
	if hasCode(ds, "invalid-number") {
		t.Errorf("version 2: invalid-number reported though initializationOptions disabled it")
	}
	if !hasCode(ds, "total-mismatch") {
		t.Errorf("version 2: not checked: %s", mustJSON(t, ds))
	}
}

// TestOverviewLengthSetting: nianbao.overviewLength.max, nested as VS Code sends a
// dotted setting, sets overview-length's threshold; a bad value is reported and the
// default stays.
func TestOverviewLengthSetting(t *testing.T) {
	for _, c := range []struct {
		raw     string
		max     int
		problem string
	}{
		{`{"overviewLength":{"max":1200}}`, 1200, ""},
		{`{"nianbao":{"overviewLength":{"max":800},"template":"2021"}}`, 800, ""},
		{`{"overviewLength":{"max":null}}`, 0, ""},
		{`{"overviewLength":{}}`, 0, ""},
		{`{"overviewLength":{"max":0}}`, 0, "nianbao.overviewLength.max"},
		{`{"overviewLength":{"max":-5}}`, 0, "nianbao.overviewLength.max"},
		{`{"overviewLength":{"max":12.5}}`, 0, "nianbao.overviewLength.max"},
		{`{"overviewLength":{"max":"1200"}}`, 0, "nianbao.overviewLength.max"},
		{`{"overviewLength":1200}`, 0, "nianbao.overviewLength"},
	} {
		opts, problems := parseSettings([]byte(c.raw))
		if opts == nil || opts.OverviewMax != c.max {
			t.Errorf("%s: opts %+v, want OverviewMax %d", c.raw, opts, c.max)
		}
		if c.problem == "" && len(problems) != 0 || c.problem != "" && (len(problems) != 1 || !strings.Contains(problems[0], c.problem)) {
			t.Errorf("%s: problems %q, want one naming %q", c.raw, problems, c.problem)
		}
	}

	// In the editor: pingtan-2021's 一 (1519 as Word counts) is over the default 1000,
	// within a max of 1600, and over again when the setting goes.
	s := newSession(t, sessionOptions{})
	uri := s.open("总体情况.md", readSample(t, "pingtan-2021.md"), 2)
	if !hasCode(s.client.waitDiagnostics(t, uri, 2), "overview-length") {
		t.Fatal("overview-length not reported with default settings")
	}
	push := func(settings any) {
		t.Helper()
		if err := s.server.DidChangeConfiguration(s.ctx, &protocol.DidChangeConfigurationParams{Settings: settings}); err != nil {
			t.Fatal(err)
		}
	}
	push(map[string]any{"nianbao": map[string]any{"overviewLength": map[string]any{"max": 1600}}})
	s.client.waitFor(t, uri, 2, "overview-length within 1600", func(ds []protocol.Diagnostic) bool {
		return !hasCode(ds, "overview-length")
	})
	push(map[string]any{"nianbao": map[string]any{"overviewLength": map[string]any{"max": 1500}}})
	s.client.waitFor(t, uri, 2, "overview-length over 1500", func(ds []protocol.Diagnostic) bool {
		for _, d := range ds {
			if d.Code == "overview-length" {
				return strings.Contains(d.Message, "超过设定的 1500 字")
			}
		}
		return false
	})
}
