package analysis

// spellingTable finds a cell's text among the spellings of vocabulary words. It does
// what a map[string] of vocabIDs would, for the one lookup every text cell of every
// report makes: the hash reads the length and at most sixteen bytes instead of the
// whole label, and the bytes of a folded label are looked up without making a string
// of them. Built once at init and read only after.
type spellingTable struct {
	slots []spellingSlot
	mask  uint64
}

type spellingSlot struct {
	text  string // "" for an empty slot
	id    int32  // the word's position in vocabList, plus one
	exact bool   // normLabel(text) is the word's key
}

var spellingIndex spellingTable

// build fills the table from vocabIDs, at a quarter full so that probes are short.
func (t *spellingTable) build() {
	n := 16
	for n < 4*len(vocabIDs) {
		n *= 2
	}
	t.slots, t.mask = make([]spellingSlot, n), uint64(n-1)
	for s, v := range vocabIDs {
		if s == "" {
			continue
		}
		i := spellingHash(s) & t.mask
		for t.slots[i].text != "" {
			i = (i + 1) & t.mask
		}
		t.slots[i] = spellingSlot{text: s, id: v.id, exact: v.exact}
	}
}

// find returns the slot of s, or nil. It takes the bytes of a folded label as they
// are, without making a string of them.
func find[S string | []byte](t *spellingTable, s S) *spellingSlot {
	if len(s) == 0 {
		return nil
	}
	for i := spellingHash(s) & t.mask; ; i = (i + 1) & t.mask {
		sl := &t.slots[i]
		if sl.text == string(s) {
			return sl
		}
		if sl.text == "" {
			return nil
		}
	}
}

const (
	hashMul1 = 0x9E3779B97F4A7C15
	hashMul2 = 0xBF58476D1CE4E5B9
)

func spellingHash[S string | []byte](s S) uint64 {
	n := len(s)
	h := uint64(n) * hashMul1
	if n >= 8 {
		h = (h ^ load64(s[:8])) * hashMul2
		h = (h ^ load64(s[n-8:])) * hashMul1
	} else {
		for i := 0; i < n; i++ {
			h = (h ^ uint64(s[i])) * hashMul2
		}
	}
	return h ^ h>>31
}

func load64[S string | []byte](s S) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
