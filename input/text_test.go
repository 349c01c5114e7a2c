package input

import (
	"bytes"
	"os"
	"reflect"
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

// utf16Cases are UTF-16 (and UTF-8, for the encoder) at its corners: odd lengths,
// surrogates alone, in pairs, in the wrong order, cut by the end.
var utf16Cases = []string{
	"", "a", "ab", "abc", "你好", "\x3d\xd8\x00\xde", "\xd8\x3d\xde\x00",
	"\x00\xd8", "\x00\xdc", "\x00\xdc\x00\xdc", "\x00\xd8\x00\xd8\x00\xdc", "\x00\xd8\x41\x00", "\x00\xdc\x00\xd8",
	"\x00\xd8\x00", "\x3d\xd8\x00\xde\x00", "年报\xe6\x96", "\xff\xfe\x00", "😀 平潭", "\xed\xa0\x80",
}

// TestUTF16AsXText holds decodeUTF16 and encodeUTF16 to x/text's UTF-16 codec,
// which they replace (and which stays a dependency of the tests only).
func TestUTF16AsXText(t *testing.T) {
	for _, s := range utf16Cases {
		compareUTF16(t, []byte(s))
	}
}

func FuzzUTF16(f *testing.F) {
	for _, s := range utf16Cases {
		f.Add([]byte(s))
	}
	f.Fuzz(compareUTF16)
}

func compareUTF16(t *testing.T, b []byte) {
	for _, big := range []bool{false, true} {
		order := unicode.LittleEndian
		if big {
			order = unicode.BigEndian
		}
		codec := unicode.UTF16(order, unicode.IgnoreBOM)
		want, err := codec.NewDecoder().Bytes(b)
		if err != nil {
			t.Fatalf("x/text: %v", err)
		}
		if got := decodeUTF16(b, big); !bytes.Equal(got, want) {
			t.Errorf("decode %q (big endian %v): got %q, x/text %q", b, big, got, want)
		}
		want, err = codec.NewEncoder().Bytes(b)
		if err != nil {
			t.Fatalf("x/text: %v", err)
		}
		if got := encodeUTF16(b, big); !bytes.Equal(got, want) {
			t.Errorf("encode %q (big endian %v): got %q, x/text %q", b, big, got, want)
		}
	}
}

// TestUTF16Files reads a report saved as UTF-16 (as Notepad's "Unicode" saves it,
// either byte order) and a web page saved so, and writes the text file back byte for
// byte, a fixed total in it.
func TestUTF16Files(t *testing.T) {
	sample, err := os.ReadFile("../testdata/samples/pingtan-2020.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(sample)
	for _, tc := range []struct {
		name  string
		order unicode.Endianness
		enc   Encoding
	}{{"little endian", unicode.LittleEndian, UTF16LE}, {"big endian", unicode.BigEndian, UTF16BE}} {
		t.Run(tc.name, func(t *testing.T) {
			codec := unicode.UTF16(tc.order, unicode.UseBOM)
			file, err := codec.NewEncoder().Bytes(sample)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Decode(file)
			if err != nil {
				t.Fatal(err)
			}
			if d.Text != text || d.Enc != tc.enc || d.Note != "UTF-16 编码，已按 UTF-16 读取" {
				t.Fatalf("decoded as %d (note %q), text equal to the sample: %v", d.Enc, d.Note, d.Text == text)
			}
			// A fix changes one total; the file keeps its encoding and mark.
			fixed := strings.Replace(text, "| （七）总计 | 20 |", "| （七）总计 | 26 |", 1)
			if fixed == text {
				t.Fatal("the sample has no such total")
			}
			back, err := d.Encode(fixed)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := codec.NewEncoder().Bytes([]byte(fixed))
			if !bytes.Equal(back, want) {
				t.Errorf("written back as %q…, want %q…", back[:min(40, len(back))], want[:min(40, len(want))])
			}

			page := []byte(`<html><body><p>一、总体情况</p><table><tr><td>（七）总计</td><td>2</td></tr></table></body></html>`)
			u16page, _ := codec.NewEncoder().Bytes(page)
			got, note, err := ReadHTML(u16page, testLimit)
			if err != nil || note != "" {
				t.Fatalf("UTF-16 page: %v, note %q", err, note)
			}
			if wantBlocks, _, _ := ReadHTML(page, testLimit); !reflect.DeepEqual(got, wantBlocks) {
				t.Errorf("UTF-16 page read as %q, its UTF-8 form as %q", got, wantBlocks)
			}
		})
	}
}
