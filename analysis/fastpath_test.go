package analysis

import (
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// The reader's fast paths give exactly what the plain code they stand in for gives:
// each is checked here against that code on every rune (in a few contexts) and on
// pieces of the test data, some with a byte garbled.

// fastPathPieces returns pieces of the test data: lines, cells and random spans, a
// third of the spans with one byte garbled.
func fastPathPieces(t *testing.T, spans int) []string {
	t.Helper()
	var out []string
	paths, _ := filepath.Glob("../testdata/*/*")
	rng := rand.New(rand.NewSource(1))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil || len(b) == 0 {
			continue
		}
		text := string(b)
		for _, ln := range strings.Split(text, "\n") {
			out = append(out, ln)
			out = append(out, strings.FieldsFunc(ln, func(r rune) bool { return r == '|' || r == '\t' || r == '｜' })...)
		}
		for range spans {
			a := rng.Intn(len(text))
			s := text[a : a+rng.Intn(min(200, len(text)-a)+1)]
			if rng.Intn(3) == 0 && s != "" {
				g := []byte(s)
				g[rng.Intn(len(g))] = byte(rng.Intn(256))
				s = string(g)
			}
			out = append(out, s)
		}
	}
	return out
}

// runeContexts returns r alone and among other characters.
func runeContexts(r rune) []string {
	s := string(r)
	return []string{s, " " + s + " ", "中" + s + "1", s + s + "）", "1" + s + "、"}
}

func TestFastPathsEveryRune(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r > 0xFFFF && r%97 != 0 {
			continue // past the BMP a sample: folding and blanks treat them alike
		}
		for _, s := range runeContexts(r) {
			checkFastPaths(t, s)
		}
	}
	for _, s := range []string{"\xe3", "\xe3\x80", "\xef\xbb", "\x80", "\xef\xbd", "中\xe4\xb8", "\xed\xa0\x80"} {
		checkFastPaths(t, s)
		checkFastPaths(t, " "+s+" ")
	}
}

func TestFastPathsTestData(t *testing.T) {
	for _, s := range fastPathPieces(t, 300) {
		checkFastPaths(t, s)
	}
}

func checkFastPaths(t *testing.T, s string) {
	t.Helper()
	if got, want := string(appendKey(nil, s)), string(plainAppendKey(nil, s)); got != want {
		t.Fatalf("appendKey(%q) = %q, want %q", s, got, want)
	}
	if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
		t.Fatalf("runeCount(%q) = %d, want %d", s, got, want)
	}
	if got, want := countBars(s), strings.Count(s, "｜"); got != want {
		t.Fatalf("countBars(%q) = %d, want %d", s, got, want)
	}
	a1, b1 := trimBlank(s, 0, len(s))
	a2, b2 := plainTrimBlank(s, 0, len(s))
	if a1 != a2 || b1 != b2 {
		t.Fatalf("trimBlank(%q) = %d, %d, want %d, %d", s, a1, b1, a2, b2)
	}
	var c Cell
	setPipeCell(&c, s, 0, len(s))
	if want := newCell(s, 0, len(s)); !reflect.DeepEqual(c, want) {
		t.Fatalf("setPipeCell(%q) = %+v, want %+v", s, c, want)
	}
	if a, b := trimBlank(s, 0, len(s)); a < b && !lex.mayStartWord(s[a:b]) {
		if k := lex.key(s[a:b]); lex.isWord(k) || lex.isPrefix(k) {
			t.Fatalf("mayStartWord(%q) is false, but its key %q is a word or the start of one", s[a:b], k)
		}
	}
}

func TestMayStartWordNeverMissesAWord(t *testing.T) {
	// Every word as the template writes it, pieces of it, and words with text around
	// them: a header with a note added, a label after a number, one run into another.
	var words []string
	for w := range lex.written {
		words = append(words, w)
	}
	around := []string{"", "（注）", "“", " ", "稽关系", "1", "、", "總", "（因政府信息公开被行政复议）", "\u3000"}
	rng := rand.New(rand.NewSource(2))
	for range 50000 {
		r := []rune(words[rng.Intn(len(words))])
		a := rng.Intn(len(r) + 1)
		if rng.Intn(2) == 0 {
			a = 0
		}
		b := a + rng.Intn(len(r)-a+1)
		s := around[rng.Intn(len(around))] + string(r[a:b]) + around[rng.Intn(len(around))]
		if rng.Intn(3) == 0 {
			s = string(r[a:b]) + words[rng.Intn(len(words))]
		}
		if x, y := trimBlank(s, 0, len(s)); x < y && !lex.mayStartWord(s[x:y]) {
			if k := lex.key(s[x:y]); lex.isWord(k) || lex.isPrefix(k) {
				t.Fatalf("mayStartWord(%q) is false, but its key %q is a word or the start of one", s[x:y], k)
			}
		}
	}
}

// plainAppendKey is appendKey without its tables and inline decoding.
func plainAppendKey(dst []byte, s string) []byte {
	digits := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		f := foldRune(r)
		switch {
		case f < 0:
		case digits >= 0 && f >= '0' && f <= '9':
			digits++
			dst = append(dst, byte(f))
		case digits > 0 && (f == '.' || f == '、' || f == '，'):
			dst = append(dst, '.')
			digits = -1
		case f == r && r != utf8.RuneError:
			digits = -1
			dst = append(dst, s[i:i+size]...)
		default:
			digits = -1
			dst = utf8.AppendRune(dst, f)
		}
		i += size
	}
	return dst
}

// plainTrimBlank is trimBlank asking blankAt and blankBefore of every rune.
func plainTrimBlank(text string, start, end int) (int, int) {
	for start < end {
		n := blankAt(text[:end], start)
		if n == 0 {
			break
		}
		start += n
	}
	for end > start {
		n := blankBefore(text[start:], end-start)
		if n == 0 {
			break
		}
		end -= n
	}
	return start, end
}

// TestStaticTables holds the tables the compiler lays out to what building them
// at start-up used to check: t2s folds to characters of the CJK block (appendKey
// writes three bytes for them), and officeT2S is sorted and without duplicates,
// which officeSimplified's binary search needs.
func TestStaticTables(t *testing.T) {
	n := 0
	for i, to := range t2s {
		if to == 0 {
			continue
		}
		n++
		if to < cjkFirst || to > cjkLast {
			t.Errorf("t2s[%q] = %U, outside the CJK block", rune(i+cjkFirst), to)
		}
	}
	if n < 100 {
		t.Errorf("t2s has %d entries, want the templates' traditional forms (over 100)", n)
	}
	for _, c := range []struct{ from, to rune }{{'總', '总'}, {'計', '计'}, {'請', '请'}, {'总', '总'}, {'a', 'a'}} {
		if got := foldRune(c.from); got != c.to {
			t.Errorf("foldRune(%q) = %q, want %q", c.from, got, c.to)
		}
	}
	for i := 1; i < len(officeT2S); i++ {
		if officeT2S[i-1][0] >= officeT2S[i][0] {
			t.Errorf("officeT2S is not sorted at %q, %q", officeT2S[i-1][0], officeT2S[i][0])
		}
	}
	for _, p := range officeT2S {
		if got := officeSimplified(p[0]); got != p[1] {
			t.Errorf("officeSimplified(%q) = %q, want %q", p[0], got, p[1])
		}
	}
	// Before the first pair, after the last, between two, and simplified already.
	for _, r := range []rune{0, 'A', '龎', '県', '县', '国'} {
		if got := officeSimplified(r); got != r {
			t.Errorf("officeSimplified(%q) = %q, want it unchanged", r, got)
		}
	}
}

// TestIsPrefixAsTheSetOfPrefixes holds isPrefix, a search of the sorted keys, to
// its definition: the set of every proper prefix, at a character boundary, of
// every word key (what the lexicon once stored in a map).
func TestIsPrefixAsTheSetOfPrefixes(t *testing.T) {
	oracle := map[string]bool{}
	for k := range lex.words {
		for i := range k {
			if i > 0 {
				oracle[k[:i]] = true
			}
		}
	}
	var probes []string
	for k := range lex.words {
		for i := 0; i <= len(k); i++ {
			// Every byte offset: cuts inside a character must not count.
			probes = append(probes, k[:i], k[i:], k[:i]+"x", k+"中")
		}
	}
	probes = append(probes, "", "一", "总", "总计", "行政复议", "（七）", "\xe6", "zz")
	for _, p := range probes {
		if got := lex.isPrefix(p); got != oracle[p] {
			t.Errorf("isPrefix(%q) = %v, want %v", p, got, oracle[p])
		}
	}
}

// TestKeysAreTheirOwnKeys: folding is idempotent on the lexicon's keys, which lets
// key and lookup take a word found in words as written for its own key.
func TestKeysAreTheirOwnKeys(t *testing.T) {
	for k := range lex.words {
		if f := foldKey(k); f != k {
			t.Errorf("foldKey(%q) = %q: a key that is not its own key", k, f)
		}
	}
	for w, k := range lex.written {
		if f := foldKey(w); f != k || w == k {
			t.Errorf("written[%q] = %q, foldKey gives %q", w, k, f)
		}
	}
	for _, tpl := range []*Template{template2019, template2021} {
		for _, r := range tpl.Table3 {
			if k, senses := lex.lookup(r.Label); k != foldKey(r.Label) || len(senses) == 0 {
				t.Errorf("lookup(%q) = %q, %d senses; want %q and a sense", r.Label, k, len(senses), foldKey(r.Label))
			}
			if k := lex.key(r.Label); k != foldKey(r.Label) {
				t.Errorf("key(%q) = %q, want %q", r.Label, k, foldKey(r.Label))
			}
		}
	}
	if len(lex.written) == 0 {
		t.Error("no template word is written otherwise than its key: the test of written tests nothing")
	}
}

// TestLexiconOrders: the keys are sorted (isPrefix searches them by halves), and
// headerPrefixes holds exactly the header keys of four characters or more outside
// Table 2, longest first, then in the keys' order: the order sensesNoWord tries them.
func TestLexiconOrders(t *testing.T) {
	if !slices.IsSorted(lex.keys) || len(lex.keys) != len(lex.words) {
		t.Errorf("keys: %d, sorted %v; want the %d word keys sorted", len(lex.keys), slices.IsSorted(lex.keys), len(lex.words))
	}
	var want []string
	for k, ref := range lex.words {
		for _, s := range ref.senses {
			if s.role == roleHeader && s.table != Table2 && utf8.RuneCountInString(k) >= 4 {
				want = append(want, k)
				break
			}
		}
	}
	slices.SortFunc(want, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	if !slices.Equal(lex.headerPrefixes, want) || len(want) == 0 {
		t.Errorf("headerPrefixes %q, want %q", lex.headerPrefixes, want)
	}
}
