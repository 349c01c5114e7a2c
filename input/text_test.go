package input

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// FuzzDecode holds Decode to the promise check --fix relies on: whatever it accepts
// it can write back byte for byte, so a fix changes nothing but the edited tokens.
func FuzzDecode(f *testing.F) {
	sample, err := os.ReadFile("../testdata/samples/pingtan-2020.md")
	if err != nil {
		f.Fatal(err)
	}
	// Small seeds keep the fuzzer's minimisation quick.
	orig := strings.ToValidUTF8(string(sample[:600]), "")
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(orig)
	u16, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(orig)
	for _, seed := range []string{orig, "\uFEFF" + orig, gb, u16, "\r\n" + gb, "", "\x00", "abc\xE6def", "\xFF\xFE\x00"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Decode(b)
		if err != nil {
			return
		}
		back, err := d.Encode(d.Text)
		if err != nil {
			t.Fatalf("accepted input cannot be encoded back: %v", err)
		}
		if !bytes.Equal(back, b) {
			t.Fatalf("round trip changed the bytes (encoding %d):\n in %q\nout %q", d.Enc, b, back)
		}
	})
}
