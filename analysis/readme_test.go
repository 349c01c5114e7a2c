package analysis

import (
	"os"
	"strings"
	"testing"
)

// The README's rule reference names every rule of the registry with its severity.
func TestREADMEListsEveryRule(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if cells := strings.Split(line, "|"); len(cells) > 3 && strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			rows[strings.Trim(strings.TrimSpace(cells[1]), "`")] = strings.TrimSpace(cells[2])
		}
	}
	for _, r := range Rules() {
		sev, ok := rows[r.ID]
		if !ok {
			t.Errorf("README rule table lacks %s", r.ID)
			continue
		}
		if !strings.HasPrefix(sev, r.Severity.String()) {
			t.Errorf("README gives %s severity %q, registry %s", r.ID, sev, r.Severity)
		}
	}
}
