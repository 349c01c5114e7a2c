package input

import (
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/nianbao/nianbao/analysis"
)

// testLimit is check's limit on a report's text.
const testLimit = 16 << 20

func para(s string) analysis.TextBlock { return analysis.TextBlock{Paragraph: s} }

func table(rows ...[]string) analysis.TextBlock { return analysis.TextBlock{Table: rows} }

func row(cells ...string) []string { return cells }

// TestReadHTMLWordTable reads the markup Word leaves in a report page: site
// navigation first, a table with rowspan and colspan, a label split over several <p>
// and a <br> inside one cell, &nbsp; padding, a blank cell, and script and style
// that a reader never sees. Merged cells are spread over the grid with their text in
// the first slot, as the official Table 3 is drawn.
func TestReadHTMLWordTable(t *testing.T) {
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"><title>不是正文</title>
<style>td { font-family: 仿宋 }</style><script>var 表三 = "<td>1</td>";</script></head>
<body><div class="nav"><a href="/">首页</a> &gt; <a>政务公开</a></div>
<h1>某某县2022年度政府信息公开工作年度报告</h1>
<p>三、收到和处理政府信息公开申请情况</p>
<table border=1>
<tr><td colspan=3 rowspan=2><p>（本列数据的勾稽关系为：第一项加第二项之和，</p><p>等于第三项加第四项之和）</p></td><td colspan=2>申请人情况</td></tr>
<tr><td>自然人</td><td>商业<br>企业</td></tr>
<tr><td rowspan=3><p>三</p><p>、</p><p>本年度办理结果</p></td><td colspan=2>（一）予以公开</td><td>&nbsp;21&nbsp;</td><td></td></tr>
<tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止<span>公开</span></td><td>3</td><td>4</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p><noscript>请启用脚本</noscript>
</body></html>`
	got, note, _ := ReadHTML([]byte(page), testLimit)
	want := []analysis.TextBlock{
		para("首页 > 政务公开"),
		para("某某县2022年度政府信息公开工作年度报告"),
		para("三、收到和处理政府信息公开申请情况"),
		table(
			row("（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）", "", "", "申请人情况", ""),
			row("", "", "", "自然人", "商业\n企业"),
			row("三\n、\n本年度办理结果", "（一）予以公开", "", "21", ""),
			row("", "（三）不予公开", "1.属于国家秘密", "0", "0"),
			row("", "", "2.其他法律行政法规禁止公开", "3", "4"),
		),
		para("四、政府信息公开行政复议、行政诉讼情况"),
	}
	if note != "" {
		t.Errorf("note %q for a page that declares UTF-8", note)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
}

// TestReadHTMLLayoutTable: a page laid out with a table whose cell holds the report
// (its paragraphs and its own tables) is read as that content, not as one huge cell;
// so is a one-column table, and a cell holding a page's worth of text.
func TestReadHTMLLayoutTable(t *testing.T) {
	long := strings.Repeat("本机关认真贯彻落实条例。", 50)
	page := `<table><tr><td>栏目导航</td><td><p>一、总体情况</p><p>` + long + `</p>
<table><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
<p>二、主动公开政府信息情况</p></td></tr></table>
<table><tr><td>单列一</td></tr><tr><td>单列二</td></tr></table>
<table><tr><td>左</td><td>` + long + `</td></tr></table>`
	got, _, _ := ReadHTML([]byte(page), testLimit)
	want := []analysis.TextBlock{
		para("栏目导航"),
		para("一、总体情况"),
		para(long),
		table(row("信息内容", "本年制发件数"), row("规章", "0")),
		para("二、主动公开政府信息情况"),
		para("单列一"),
		para("单列二"),
		para("左"),
		para(long),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
}

// TestReadHTMLHostileSpans: spans past every official table are cut, so a crafted
// page cannot make rows of millions of slots; rowspan="0" runs to the table's end.
func TestReadHTMLHostileSpans(t *testing.T) {
	page := `<table><tr><td colspan="100000">甲</td><td colspan="x">乙</td></tr>` +
		`<tr><td rowspan="0">丙</td><td>丁</td></tr><tr><td>戊</td></tr></table>`
	got, _, _ := ReadHTML([]byte(page), testLimit)
	if len(got) != 1 || got[0].Table == nil {
		t.Fatalf("blocks %q, want one table", got)
	}
	rows := got[0].Table
	if len(rows[0]) != maxColspan+1 || rows[0][0] != "甲" || rows[0][maxColspan] != "乙" {
		t.Errorf("first row has %d slots (%q…), want %d: the colspan cut at %d, then 乙", len(rows[0]), rows[0][:2], maxColspan+1, maxColspan)
	}
	if !reflect.DeepEqual(rows[2], []string{"", "戊"}) {
		t.Errorf("third row %q, want 戊 beside the slot rowspan=0 covers", rows[2])
	}
}

// TestHTMLCharset: a page is decoded by its byte-order mark, else by its <meta>
// (charset or http-equiv), else by what its bytes are; a declaration the bytes
// contradict gives way to them, with a note.
func TestHTMLCharset(t *testing.T) {
	body := `<p>一、总体情况</p><p>二、主动公开政府信息情况</p>`
	gbk := func(s string) string {
		b, err := simplifiedchinese.GBK.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name, page, note string
	}{
		{"utf-8 declared", `<meta charset="utf-8">` + body, ""},
		{"utf-8 with a BOM", "\uFEFF" + body, ""},
		{"gb2312 declared", `<meta charset="gb2312">` + gbk(body), ""},
		{"gbk in http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=GBK">` + gbk(body), ""},
		{"gb18030 declared after a long style", `<html><head><style>` + strings.Repeat("p{}", 1000) + `</style><meta charset=gb18030></head><body>` + gbk(body), ""},
		{"no declaration, utf-8", body, ""},
		{"no declaration, gbk", gbk(body), "网页没有声明编码，内容不是 UTF-8，已按 GB18030 读取"},
		{"utf-8 declared on gbk", `<meta charset="utf-8">` + gbk(body), "网页声明的编码是 utf-8，但内容不是 UTF-8，已按 GB18030 读取"},
		{"gb2312 declared on utf-8", `<meta charset="gb2312">` + body, "网页声明的编码是 gb2312，但内容是 UTF-8，已按 UTF-8 读取"},
		{"big5 declared", `<meta charset="big5">` + "<p>\xa4@\xa1B\xc1`\xc5\xe9\xb1\xa1\xaap</p>", ""},
		{"csbig5 declared", `<meta charset="CSBig5">` + "<p>\xa4@\xa1B\xc1`\xc5\xe9\xb1\xa1\xaap</p>", ""},
		// A charset no Chinese page is written in: the bytes decide, and the note says so.
		{"windows-1252 declared on gbk", `<meta charset="windows-1252">` + gbk(body),
			"网页声明的编码 windows-1252 不是中文网页的编码（UTF-8、GBK/GB18030、Big5），已按 GB18030 读取"},
		{"utf-16 declared in ascii, utf-8", `<meta charset="utf-16">` + body, ""},
		{"iso-8859-1 declared on utf-8", `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">` + body,
			"网页声明的编码是 iso-8859-1，但内容是 UTF-8，已按 UTF-8 读取"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note, _ := ReadHTML([]byte(tt.page), testLimit)
			want := []analysis.TextBlock{para("一、总体情况"), para("二、主动公开政府信息情况")}
			if strings.Contains(tt.name, "big5") {
				want = []analysis.TextBlock{para("一、總體情況")}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("blocks %q, want %q", got, want)
			}
			if note != tt.note {
				t.Errorf("note %q, want %q", note, tt.note)
			}
		})
	}
}

// FuzzReadHTML: any bytes read as a page without panicking, and what is read renders
// to Markdown that the engine reads back to the same number of tables.
func FuzzReadHTML(f *testing.F) {
	for _, seed := range []string{
		`<table><tr><td rowspan=2>甲</td><td>1</td></tr><tr><td>2</td></tr></table>`,
		`<table><tr><td><table><tr><td>x</td><td>1</td></tr></table></td></tr></table>`,
		`<meta charset=gbk><p>` + "\xd2\xbb" + `</p><br><pre>a
b</pre>`,
		`</td></tr></table><td colspan=7>`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		blocks, _, _ := ReadHTML(b, testLimit)
		for _, bl := range blocks {
			for _, r := range bl.Table {
				if len(r) == 0 || len(r) > maxRowSlots {
					t.Fatalf("row of %d slots", len(r))
				}
			}
		}
		analysis.RenderMarkdown(blocks)
	})
}

// TestReadTooManySlots: a page or Word document whose tables would render to more than
// the limit is refused while its grid is built, not after gigabytes were allocated.
func TestReadTooManySlots(t *testing.T) {
	// 40 rows of 4 cells spanning 256 columns each: 40 960 slots, 122 880 bytes of
	// Markdown at least.
	const slots = 40 * 4 * 256
	page := "<table>" + strings.Repeat("<tr>"+strings.Repeat(`<td colspan="256"></td>`, 4)+"</tr>", 40) + "</table>"
	if _, _, err := ReadHTML([]byte(page), 3*slots-1); err != ErrTooMuchText {
		t.Errorf("page of %d slots: error %v, want ErrTooMuchText", slots, err)
	}
	if _, _, err := ReadHTML([]byte(page), 3*slots); err != nil {
		t.Errorf("page of exactly the budget: %v", err)
	}
	cell := tc(`<w:gridSpan w:val="256"/>`, wp(""))
	doc := makeDOCX(t, tbl(strings.Repeat(tr(strings.Repeat(cell, 4)), 40)), nil)
	if _, err := ReadDOCX(doc, 3*slots-1); err != ErrTooMuchText {
		t.Errorf("Word document of %d slots: error %v, want ErrTooMuchText", slots, err)
	}
	if _, err := Read(t.Context(), DOCX, doc, 3*slots); err != nil {
		t.Errorf("Word document of exactly the budget: %v", err)
	}
}

// TestReadDropsControls: control characters in a page or a Word document, which no
// reader sees, are not read: written by nianbao text to a terminal they could drive it.
func TestReadDropsControls(t *testing.T) {
	got, _, _ := ReadHTML([]byte("<p>一、总体&#27;[2J情况\x07\u0085</p>"), testLimit)
	if want := []analysis.TextBlock{para("一、总体[2J情况")}; !reflect.DeepEqual(got, want) {
		t.Errorf("page: %q, want %q", got, want)
	}
	blocks, err := ReadDOCX(makeDOCX(t, wp("一、总体&#27;[2J情况", "\u0085"), nil), testLimit)
	if want := []analysis.TextBlock{para("一、总体[2J情况")}; err != nil || !reflect.DeepEqual(blocks, want) {
		t.Errorf("Word document: %q %v, want %q", blocks, err, want)
	}
}

// TestReadHTMLLeavesPageAlone: the tokenizer changes the text it reads in place
// (line ends folded, entities decoded), so decodeHTML must hand it new memory in
// every case, never the caller's page.
func TestReadHTMLLeavesPageAlone(t *testing.T) {
	body := "<p title=\"甲&amp;乙\">本年新收&amp;上年结转\r\n合计</p><table><tr><td colspan=\"&#50;\">１２</td></tr></table>"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]string{
		"utf-8":                       "<meta charset=\"utf-8\">" + body,
		"undeclared utf-8":            body,
		"utf-8 with its mark":         "\uFEFF" + body,
		"broken utf-8":                body + "\xff",
		"gbk declared":                "<meta charset=\"gbk\">" + gbk,
		"gbk undeclared":              gbk,
		"utf-8 declared gbk":          "<meta charset=\"gbk\">" + body,
		"utf-8 of an unknown charset": "<meta charset=\"koi8-r\">" + body,
		"bytes of an unknown charset": "<meta charset=\"koi8-r\">" + gbk,
		"big5 declared, not big5":     "<meta charset=\"big5\">" + gbk + "\xff\xff",
	}
	for name, page := range pages {
		b := []byte(page)
		if _, _, err := ReadHTML(b, testLimit); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if string(b) != page {
			t.Errorf("%s: reading the page changed its bytes:\n%q\nwas\n%q", name, b, page)
		}
	}
}
