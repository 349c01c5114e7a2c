package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const acrossDir = "../../testdata/across"

// TestCheckAcrossYears: a folder holding two years of one office's reports, the
// later year named first (the pairing does not depend on the order of the paths),
// and an unrelated report: the later report gets the findings comparing it with the
// earlier one, in every output format, with last year's cell as the related place.
func TestCheckAcrossYears(t *testing.T) {
	dir := t.TempDir()
	last, err := os.ReadFile(filepath.Join(acrossDir, "zhen-2021.md"))
	if err != nil {
		t.Fatal(err)
	}
	this, err := os.ReadFile(filepath.Join(acrossDir, "zhen-2022.md"))
	if err != nil {
		t.Fatal(err)
	}
	thisPath := writeFile(t, filepath.Join(dir, "a-本年.md"), this)
	lastPath := writeFile(t, filepath.Join(dir, "b-上年.md"), last)
	writeFile(t, filepath.Join(dir, "c.md"), []byte(readSample(t, "pingtan-2021.md")))

	stdout, stderr, code := runCLI(t, "check", "--format", "json", dir)
	if code != 0 {
		t.Fatalf("status %d, stderr %s", code, stderr)
	}
	out := decodeOutput(t, stdout)
	if len(out.Files) != 3 || out.Files[0].Path != thisPath {
		t.Fatalf("files: %+v", out.Files)
	}
	counts := map[string]int{}
	for _, f := range out.Files {
		for _, d := range f.Diagnostics {
			switch d.Rule {
			case "carryover-mismatch", "copied-section", "table2-carry":
			default:
				continue
			}
			if f.Path != thisPath {
				t.Errorf("%s: %s, but it has no report of the year before", f.Path, d.Rule)
			}
			counts[d.Rule]++
			if len(d.Related) != 1 || d.Related[0].Path != lastPath {
				t.Fatalf("%s: related %+v, want one place in %s", d.Rule, d.Related, lastPath)
			}
			line, tok := tokenAt(t, string(last), d.Related[0].Range)
			_, own := tokenAt(t, string(this), d.Range)
			switch d.Rule {
			case "carryover-mismatch":
				// 二 of this year is 0, 四 of last year 1, in the columns 自然人 and 总计.
				if own != "0" || tok != "1" || !strings.HasPrefix(line, "| 四、结转下年度继续办理") ||
					len(d.Fixes) != 1 || d.Fixes[0].Edits[0].NewText != "1" || !strings.Contains(d.Message, "b-上年.md 第 55 行") {
					t.Errorf("carryover-mismatch: %q → %q on %q; %+v", own, tok, line, d)
				}
			case "table2-carry":
				if own != "22" || tok != "20" || d.Severity != "hint" {
					t.Errorf("table2-carry: %q, related %q, %s", own, tok, d.Severity)
				}
			case "copied-section":
				if !strings.HasPrefix(tok, "一是政策解读") || !strings.Contains(d.Message, "相似度 100%") {
					t.Errorf("copied-section: related %q, %s", tok, d.Message)
				}
			}
		}
	}
	if counts["carryover-mismatch"] != 2 || counts["table2-carry"] != 1 || counts["copied-section"] != 1 {
		t.Errorf("findings across years: %v", counts)
	}

	// Text: the message names last year's file and line.
	stdout, _, _ = runCLI(t, "check", dir)
	if !strings.Contains(stdout, thisPath+":32:22: warning: 上年结转（自然人列）为 0，但 2021 年度报告的「结转下年度继续办理」为 1（b-上年.md 第 55 行）") {
		t.Errorf("text output lacks the carryover line:\n%s", stdout)
	}

	// SARIF: the related location is in last year's file.
	stdout, _, _ = runCLI(t, "check", "--format", "sarif", dir)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID           string `json:"ruleId"`
				RelatedLocations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"relatedLocations"`
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range log.Runs[0].Results {
		if r.RuleID == "carryover-mismatch" {
			found = true
			pl := r.RelatedLocations[0].PhysicalLocation
			if !strings.HasSuffix(pl.ArtifactLocation.URI, "b-%E4%B8%8A%E5%B9%B4.md") && !strings.HasSuffix(pl.ArtifactLocation.URI, "b-上年.md") || pl.Region.StartLine != 55 {
				t.Errorf("sarif related location %+v, want line 55 of b-上年.md", pl)
			}
		}
	}
	if !found {
		t.Error("sarif: no carryover-mismatch")
	}

	// Checked alone, a report has no year before it.
	stdout, _, _ = runCLI(t, "check", thisPath)
	if strings.Contains(stdout, "carryover-mismatch") || strings.Contains(stdout, "copied-section") {
		t.Errorf("a file checked alone was compared:\n%s", stdout)
	}
}
