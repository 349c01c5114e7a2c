package analysis

import "strings"

// Looking for words in Chinese prose, as the rules that read prose do.

// has is strings.Contains(s, w) for a word of two bytes or more, faster on Chinese
// text: it looks for w without its first byte, whose next byte (a UTF-8
// continuation byte for a Chinese word) is some fifty times rarer in such text than
// the lead bytes E4–E9 every character starts with.
func has(s, w string) bool {
	for i := 0; i < len(s); {
		j := strings.Index(s[i:], w[1:])
		if j < 0 {
			return false
		}
		if at := i + j; at > 0 && s[at-1] == w[0] {
			return true
		}
		i += j + 1
	}
	return false
}

// containsAny reports whether s contains one of words (each of two bytes or more).
func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if has(s, w) {
			return true
		}
	}
	return false
}
