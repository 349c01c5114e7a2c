package rulesdoc

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/analysis"
)

func TestRulesReferenceIsCurrent(t *testing.T) {
	have, err := os.ReadFile("../../docs/rules.md")
	if err != nil {
		t.Fatalf("docs/rules.md: %v (run make docs)", err)
	}
	if !bytes.Equal(have, Render()) {
		t.Fatal("docs/rules.md is stale: the rule registry changed; run make docs and commit the result")
	}
}

// Every rule's URL must land on a heading of the reference: that is the link editors
// show beside a diagnostic.
func TestEveryRuleHasItsAnchor(t *testing.T) {
	doc := string(Render())
	for _, r := range analysis.Rules() {
		if !strings.Contains(doc, "\n## "+r.ID+"\n") {
			t.Errorf("no section for %s, which %s links to", r.ID, r.URL())
		}
		if !strings.HasSuffix(r.URL(), "docs/rules.md#"+r.ID) {
			t.Errorf("%s: URL %s does not point at its anchor", r.ID, r.URL())
		}
	}
}
