package analysis

import (
	"fmt"
	"sort"
	"strings"
)

// Inline suppression: a line of its own
//
//	<!-- nianbao-disable-next-line total-mismatch blank-cell -->
//
// drops the findings of the named rules (of every rule when it names none) that
// start on the next line that is not itself such a comment. It is an HTML comment in
// Markdown and in plain text alike: a Markdown renderer hides it, so a copy of the
// rendered report into Word leaves it behind, and a "#" line, the other usual
// syntax, is a heading in Markdown. The reader passes over these lines as if they
// were not there (see Read), so that one between two rows of a table leaves the table
// whole. Suppression is applied after the rules, here in the engine, so that the
// command line and the editor drop the same findings; a comment that dropped nothing
// is reported by unused-suppression.

// directiveWord is what a suppression comment holds; a line without it is never one.
const directiveWord = "nianbao-disable-next-line"

// suppression is one suppression comment.
type suppression struct {
	// line is the comment's line, without its line break; next where the following
	// line starts.
	line Span
	next int
	// target is the line whose findings it drops; past the end of the text when no
	// line follows.
	target Span
	// rules are the rule ids it names, with their spans; none means every rule.
	rules []Span
	// used marks the rules that dropped a finding; usedAll, a comment naming none
	// that did.
	used    []bool
	usedAll bool
}

// directiveLine reports whether line s is a suppression comment, and returns the
// offsets within s of the rule ids it names.
func directiveLine(s string) (rules []Span, ok bool) {
	if !strings.Contains(s, directiveWord) {
		return nil, false
	}
	a, b := trimBlank(s, 0, len(s))
	body := s[a:b]
	if !strings.HasPrefix(body, "<!--") || !strings.HasSuffix(body, "-->") || len(body) < len("<!---->") {
		return nil, false
	}
	in, inEnd := a+len("<!--"), b-len("-->")
	in, inEnd = trimBlank(s, in, inEnd)
	if !strings.HasPrefix(s[in:inEnd], directiveWord) {
		return nil, false
	}
	i := in + len(directiveWord)
	if i < inEnd && !isRuleSeparator(s, i) {
		return nil, false // nianbao-disable-next-lines, say
	}
	for i < inEnd {
		if n := ruleSeparatorLen(s, i); n > 0 {
			i += n
			continue
		}
		j := i
		for j < inEnd && ruleSeparatorLen(s, j) == 0 {
			j++
		}
		rules = append(rules, Span{i, j})
		i = j
	}
	return rules, true
}

func isRuleSeparator(s string, i int) bool { return ruleSeparatorLen(s, i) > 0 }

// ruleSeparatorLen is the length of the separator between rule ids at s[i:]: blanks
// (full-width too), commas and 、 — what people type between words in Chinese text.
func ruleSeparatorLen(s string, i int) int {
	switch {
	case s[i] == ',':
		return 1
	case strings.HasPrefix(s[i:], "，"), strings.HasPrefix(s[i:], "、"):
		return len("，")
	}
	return blankAt(s, i)
}

// findSuppressions returns the suppression comments of text, in order.
func findSuppressions(text string) []suppression {
	var out []suppression
	for from := 0; from < len(text); {
		k := strings.Index(text[from:], directiveWord)
		if k < 0 {
			break
		}
		ls, le := lineAround(text, from+k, from+k)
		next := le
		if next < len(text) {
			next++
			if text[le] == '\r' && next < len(text) && text[next] == '\n' {
				next++
			}
		}
		from = next
		rules, ok := directiveLine(text[ls:le])
		if !ok {
			continue
		}
		for i := range rules {
			rules[i] = Span{ls + rules[i].Start, ls + rules[i].End}
		}
		out = append(out, suppression{line: Span{ls, le}, next: next, rules: rules, used: make([]bool, len(rules))})
	}
	// A comment's target is the first line after it that is not a comment: several
	// stacked above one line all apply to it.
	for i := len(out) - 1; i >= 0; i-- {
		s := &out[i]
		switch {
		case i+1 < len(out) && out[i+1].line.Start == s.next:
			s.target = out[i+1].target
		case s.next >= len(text):
			s.target = Span{len(text) + 1, len(text) + 1} // no finding starts there
		default:
			ls, le := lineAround(text, s.next, s.next)
			s.target = Span{ls, le}
		}
	}
	return out
}

// applySuppressions returns the findings of raw that no suppression comment of text
// drops, with the findings of unused-suppression added; raw itself when text has no
// such comment. raw is sorted, and so is the result.
func applySuppressions(text string, raw []Diagnostic, opts Options) []Diagnostic {
	if !strings.Contains(text, directiveWord) {
		return raw
	}
	sups := findSuppressions(text)
	if len(sups) == 0 {
		return raw
	}
	out := make([]Diagnostic, 0, len(raw))
	for _, d := range raw {
		if !suppressed(text, sups, &d) {
			out = append(out, d)
		}
	}
	if opts.Disabled[unusedSuppression] {
		return out
	}
	rule, _ := RuleByID(unusedSuppression)
	sev := rule.Severity
	if s, ok := opts.Severity[unusedSuppression]; ok && s != 0 {
		sev = s
	}
	n := len(out)
	for i := range sups {
		out = append(out, unusedFindings(text, &sups[i], sev)...)
	}
	if len(out) > n {
		sortDiagnostics(out)
	}
	return out
}

// unusedSuppression is the id of the rule that reports suppression comments that
// dropped nothing.
const unusedSuppression = "unused-suppression"

// suppressed reports whether a comment of sups drops d, marking the comments used.
func suppressed(text string, sups []suppression, d *Diagnostic) bool {
	// The comments whose target holds d.Start: sups are in text order, and so are
	// their targets.
	i := sort.Search(len(sups), func(i int) bool { return sups[i].target.End >= d.Start })
	drop := false
	for ; i < len(sups) && sups[i].target.Start <= d.Start; i++ {
		s := &sups[i]
		if len(s.rules) == 0 {
			s.usedAll, drop = true, true
			continue
		}
		for k, r := range s.rules {
			if text[r.Start:r.End] == d.Rule {
				s.used[k], drop = true, true
			}
		}
	}
	return drop
}

// unusedFindings reports the rules of s that dropped nothing, or s as a whole.
func unusedFindings(text string, s *suppression, sev Severity) []Diagnostic {
	remove := []Fix{{Title: "删除这条忽略注释", Edits: []Edit{{Span: Span{s.line.Start, s.next}}}}}
	if s.target.Start > len(text) {
		return []Diagnostic{{Rule: unusedSuppression, Severity: sev, Span: s.line,
			Message: "忽略注释后面没有内容，不起作用：请删除，或放在要忽略的问题所在行的上一行", Fixes: remove}}
	}
	if len(s.rules) == 0 {
		if s.usedAll {
			return nil
		}
		return []Diagnostic{{Rule: unusedSuppression, Severity: sev, Span: s.line,
			Message: "下一行没有问题，这条忽略注释不起作用，可以删除", Fixes: remove}}
	}
	var out []Diagnostic
	unused := 0
	for k := range s.rules {
		if !s.used[k] {
			unused++
		}
	}
	for k, r := range s.rules {
		if s.used[k] {
			continue
		}
		id := text[r.Start:r.End]
		msg := fmt.Sprintf("下一行没有 %s 的问题，忽略注释中的这一项不起作用，可以删除", id)
		if _, ok := RuleByID(id); !ok {
			msg = fmt.Sprintf("没有名为 %q 的规则：忽略注释中的这一项不起作用，请改为规则名（见规则说明）或删除", id)
		}
		d := Diagnostic{Rule: unusedSuppression, Severity: sev, Span: r, Message: msg}
		if unused == len(s.rules) {
			d.Fixes = remove
		}
		out = append(out, d)
	}
	return out
}

// SuppressEdit returns the edit that inserts, above the line where d starts, the
// comment that suppresses d: the quick fix 「忽略此处」. The comment ends with the
// line break the text uses there.
func SuppressEdit(text string, d Diagnostic) Edit {
	at := min(max(d.Start, 0), len(text))
	ls, le := lineAround(text, at, at)
	br := "\n"
	switch {
	case strings.HasPrefix(text[le:], "\r\n"):
		br = "\r\n"
	case strings.HasPrefix(text[le:], "\r"):
		br = "\r"
	case le == len(text) && ls > 0 && text[ls-1] == '\r':
		br = "\r"
	case le == len(text) && ls > 1 && text[ls-2:ls] == "\r\n":
		br = "\r\n"
	}
	return Edit{Span: Span{ls, ls}, NewText: "<!-- " + directiveWord + " " + d.Rule + " -->" + br}
}

// SuppressTitle is the title of the quick fix that inserts SuppressEdit.
const SuppressTitle = "忽略此处"
