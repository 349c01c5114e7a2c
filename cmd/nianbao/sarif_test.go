package main

import (
	"bytes"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/analysis"
)

// The test's view of a SARIF log: only what SARIF 2.1.0 requires or what check
// promises, decoded into maps so that a missing field is seen as missing.
func sarifField(t *testing.T, m map[string]any, path ...string) any {
	t.Helper()
	var v any = m
	for _, k := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: not an object", strings.Join(path, "."))
		}
		v, ok = mm[k]
		if !ok {
			t.Fatalf("missing %s", strings.Join(path, "."))
		}
	}
	return v
}

func TestCheckSARIF(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	stdout, _, code := runCLI(t, "check", "--format", "sarif", "testdata/samples")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if v := sarifField(t, log, "version"); v != "2.1.0" {
		t.Errorf("version %v", v)
	}
	if s, _ := sarifField(t, log, "$schema").(string); !strings.Contains(s, "sarif-schema-2.1.0") {
		t.Errorf("$schema %q", s)
	}
	runs := sarifField(t, log, "runs").([]any)
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	run := runs[0].(map[string]any)
	if v := sarifField(t, run, "tool", "driver", "name"); v != "nianbao" {
		t.Errorf("driver name %v", v)
	}
	if v := sarifField(t, run, "columnKind"); v != "utf16CodeUnits" {
		t.Errorf("columnKind %v, want utf16CodeUnits", v)
	}

	levels := map[string]bool{"error": true, "warning": true, "note": true}
	rules := sarifField(t, run, "tool", "driver", "rules").([]any)
	want := analysis.Rules()
	if len(rules) != len(want) {
		t.Fatalf("%d rules, want %d", len(rules), len(want))
	}
	for i, r := range rules {
		rm := r.(map[string]any)
		if rm["id"] != want[i].ID || sarifField(t, rm, "shortDescription", "text") != want[i].Title ||
			sarifField(t, rm, "fullDescription", "text") != want[i].Doc {
			t.Errorf("rule %d: %v, want %s", i, rm, want[i].ID)
		}
		if h, _ := sarifField(t, rm, "help", "text").(string); !strings.HasPrefix(h, want[i].Doc) {
			t.Errorf("rule %s: help %q", want[i].ID, h)
		}
		if u := rm["helpUri"]; u != "https://github.com/nianbao/nianbao/blob/main/docs/rules.md#"+want[i].ID {
			t.Errorf("rule %s: helpUri %v, want the rule's anchor in docs/rules.md", want[i].ID, u)
		}
		if l := sarifField(t, rm, "defaultConfiguration", "level").(string); !levels[l] {
			t.Errorf("rule %s: level %q", want[i].ID, l)
		}
	}

	// The same findings as the json format, columns one more than LSP characters.
	var js testOutput
	jsOut, _, _ := runCLI(t, "check", "--format", "json", "testdata/samples")
	if err := json.Unmarshal([]byte(jsOut), &js); err != nil {
		t.Fatal(err)
	}
	var diags []testDiag
	var uris []string
	for _, f := range js.Files {
		for _, d := range f.Diagnostics {
			diags = append(diags, d)
			uris = append(uris, (&url.URL{Path: filepath.ToSlash(f.Path)}).String())
		}
	}
	results := sarifField(t, run, "results").([]any)
	if len(results) != len(diags) || len(diags) == 0 {
		t.Fatalf("%d results, json has %d findings", len(results), len(diags))
	}
	fixes := 0
	for i, r := range results {
		rm := r.(map[string]any)
		d := diags[i]
		idx := int(sarifField(t, rm, "ruleIndex").(float64))
		if rm["ruleId"] != d.Rule || want[idx].ID != d.Rule {
			t.Errorf("result %d: ruleId %v index %d, want %s", i, rm["ruleId"], idx, d.Rule)
		}
		if l := rm["level"].(string); !levels[l] || (d.Severity == "error") != (l == "error") {
			t.Errorf("result %d: level %q for severity %s", i, l, d.Severity)
		}
		if sarifField(t, rm, "message", "text") != d.Message {
			t.Errorf("result %d: message differs", i)
		}
		loc := sarifField(t, rm, "locations").([]any)[0].(map[string]any)
		uri := sarifField(t, loc, "physicalLocation", "artifactLocation", "uri").(string)
		if uri != uris[i] || strings.HasPrefix(uri, "/") || strings.Contains(uri, ":") {
			t.Errorf("result %d: uri %q, want the relative %q", i, uri, uris[i])
		}
		region := sarifField(t, loc, "physicalLocation", "region").(map[string]any)
		got := [4]float64{region["startLine"].(float64), region["startColumn"].(float64), region["endLine"].(float64), region["endColumn"].(float64)}
		wantRegion := [4]float64{float64(d.Range.Start.Line + 1), float64(d.Range.Start.Character + 1), float64(d.Range.End.Line + 1), float64(d.Range.End.Character + 1)}
		if got != wantRegion {
			t.Errorf("result %d: region %v, want %v", i, got, wantRegion)
		}
		if fs, ok := rm["fixes"].([]any); ok {
			for _, f := range fs {
				fixes++
				ch := sarifField(t, f.(map[string]any), "artifactChanges").([]any)[0].(map[string]any)
				sarifField(t, ch, "artifactLocation", "uri")
				rep := sarifField(t, ch, "replacements").([]any)[0].(map[string]any)
				sarifField(t, rep, "deletedRegion", "startLine")
				sarifField(t, rep, "insertedContent", "text")
			}
		}
	}
	if fixes == 0 {
		t.Error("no result carries a fix, though the samples have fixable findings")
	}
}

func TestSARIFArtifactLocation(t *testing.T) {
	p := &sarifPrinter{cwd: filepath.FromSlash("/work/reports")}
	tests := []struct {
		path, uri, base string
	}{
		{"a/平潭 2020.md", "a/%E5%B9%B3%E6%BD%AD%202020.md", "%SRCROOT%"},
		{"/work/reports/b/r.txt", "b/r.txt", "%SRCROOT%"},
		{"/elsewhere/r.txt", "file:///elsewhere/r.txt", ""},
		{"x:y.md", "./x:y.md", "%SRCROOT%"},
	}
	for _, tt := range tests {
		if filepath.Separator != '/' {
			t.Skip("paths in this table are Unix paths")
		}
		got := p.artifactLocation(tt.path)
		if got.URI != tt.uri || got.URIBaseID != tt.base {
			t.Errorf("%s: %+v, want %s (%s)", tt.path, got, tt.uri, tt.base)
		}
	}
}

// TestSARIFWrittenAsIndent: the log is written result by result, and must read as
// if the whole document had been indented by json.Indent, with and without results.
func TestSARIFWrittenAsIndent(t *testing.T) {
	none := writeFile(t, filepath.Join(t.TempDir(), "说明.txt"), []byte("不是报告，没有问题。\n"))
	for _, path := range []string{none, filepath.Join(samplesDir, "pingtan-2020.md"), samplesDir} {
		stdout, _, code := runCLI(t, "check", "--format", "sarif", path)
		if code == 2 {
			t.Fatalf("%s: exit 2", path)
		}
		var compact, indented bytes.Buffer
		if err := json.Compact(&compact, []byte(stdout)); err != nil {
			t.Fatalf("%s: not JSON: %v", path, err)
		}
		json.Indent(&indented, compact.Bytes(), "", "  ")
		indented.WriteByte('\n')
		if indented.String() != stdout {
			t.Errorf("%s: the log differs from its json.Indent form", path)
		}
		var log struct{ Runs []struct{ Results []any } }
		json.Unmarshal([]byte(stdout), &log)
		if n := len(log.Runs[0].Results); (n == 0) != (path == none) || log.Runs[0].Results == nil {
			t.Errorf("%s: %d results", path, n)
		}
	}
}
