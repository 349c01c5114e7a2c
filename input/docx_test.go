package input

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/nianbao/nianbao/analysis"
)

// makeDOCX packs a document body into the smallest .docx Word opens: the package
// relationships pointing at the document part. files adds or replaces parts.
func makeDOCX(t testing.TB, body string, files map[string]string) []byte {
	t.Helper()
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` +
			body + `</w:body></w:document>`,
	}
	for k, v := range files {
		parts[k] = v
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, content := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wp is a paragraph of runs.
func wp(runs ...string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>")
	for _, r := range runs {
		b.WriteString(`<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">` + r + `</w:t></w:r>`)
	}
	b.WriteString("</w:p>")
	return b.String()
}

// tc is a cell with properties (gridSpan, vMerge) and content.
func tc(props, content string) string {
	return `<w:tc><w:tcPr><w:tcW w:w="1000" w:type="dxa"/>` + props + `</w:tcPr>` + content + `</w:tc>`
}

func tr(cells ...string) string { return "<w:tr><w:trPr/>" + strings.Join(cells, "") + "</w:tr>" }

func tbl(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="dxa"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid>` + strings.Join(rows, "") + `</w:tbl>`
}

const (
	span2   = `<w:gridSpan w:val="2"/>`
	restart = `<w:vMerge w:val="restart"/>`
	cont    = `<w:vMerge/>`
)

// TestReadDOCXMergedCells: a Word table with cells merged across (w:gridSpan) and
// down (w:vMerge restart, then continue) is spread over the grid with each merged
// cell's text in its first slot; a label split over runs is one label, a cell's
// paragraphs and line breaks are its lines; deleted text, field codes and the
// fallback copy of a drawing are not read.
func TestReadDOCXMergedCells(t *testing.T) {
	body := wp("某某县", "2022年度", "政府信息公开工作年度报告") +
		wp("三、收到和处理", `<w:delText>删除的字</w:delText>`, "政府信息公开申请情况") +
		tbl(
			tr(tc(span2+restart, wp("（本列数据的勾稽关系为：")+wp("第一项加第二项之和）")), tc("", wp("自然", "人")), tc("", wp("商业")+`<w:p><w:r><w:t>企</w:t></w:r><w:r><w:br/><w:t>业</w:t></w:r></w:p>`)),
			tr(tc(span2+cont, wp()), tc("", wp("甲")), tc("", wp("乙"))),
			tr(tc(restart, wp("三、本年度办理结果")), tc("", wp("（一）予以公开")), tc("", wp("21")), tc("", wp())),
			tr(tc(cont, wp()), tc("", wp("（二）部分公开")), tc("", `<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>3</w:t></w:r></w:p>`), tc("", wp("4"))),
		) +
		`<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><w:txbxContent>` + wp("框中文字") +
		`</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>` + wp("框中文字") +
		`</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
		wp("四、政府信息公开", "行政复议、行政诉讼情况")
	got, err := ReadDOCX(makeDOCX(t, body, nil), testLimit)
	if err != nil {
		t.Fatal(err)
	}
	want := []analysis.TextBlock{
		para("某某县2022年度政府信息公开工作年度报告"),
		para("三、收到和处理政府信息公开申请情况"),
		table(
			row("（本列数据的勾稽关系为：\n第一项加第二项之和）", "", "自然人", "商业\n企\n业"),
			row("", "", "甲", "乙"),
			row("三、本年度办理结果", "（一）予以公开", "21", ""),
			row("", "（二）部分公开", "3", "4"),
		),
		para("框中文字"),
		para("四、政府信息公开行政复议、行政诉讼情况"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
}

// TestReadDOCXNestedTable: a table whose cell holds a table lays the page out; its
// cells are read as paragraphs and the inner table as a table. A row that leaves out
// grid columns before its first cell (w:gridBefore) keeps them as empty slots, and
// text in a continuation cell is shown in the merged cell, as Word does.
func TestReadDOCXNestedTable(t *testing.T) {
	inner := tbl(tr(tc("", wp("信息内容")), tc("", wp("本年制发件数"))), tr(tc("", wp("规章")), tc("", wp("0"))))
	body := tbl(tr(tc("", wp("一、总体情况")+inner+wp("二、主动公开政府信息情况")), tc("", wp("右栏")))) +
		tbl(
			tr(tc(restart, wp("上")), tc("", wp("1"))),
			tr(tc(cont, wp("下")), tc("", wp("2"))),
			`<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>`+tc("", wp("3"))+`</w:tr>`,
		)
	got, err := ReadDOCX(makeDOCX(t, body, nil), testLimit)
	if err != nil {
		t.Fatal(err)
	}
	want := []analysis.TextBlock{
		para("一、总体情况"),
		table(row("信息内容", "本年制发件数"), row("规章", "0")),
		para("二、主动公开政府信息情况"),
		para("右栏"),
		table(row("上\n下", "1"), row("", "2"), row("", "3")),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks:\n got %q\nwant %q", got, want)
	}
}

// TestReadDOCXNotWord: files named .docx that are not Word 2007+ documents are
// refused with a reason, and an old .doc (or an encrypted document) with what to do.
func TestReadDOCXNotWord(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not a zip", []byte("一、总体情况"), "不是有效的 Word 文档（.docx）：不是 zip 压缩包"},
		{"old .doc", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "请在 Word 或 WPS 中另存为 .docx"},
		{"broken xml", makeDOCX(t, "<w:p><w:r><w:t>一</w:t><w:", nil), "word/document.xml 无法解析"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadDOCX(tt.data, testLimit)
			var nt *NotTextError
			if !errors.As(err, &nt) || !strings.Contains(nt.Note("无法检查"), tt.want) {
				t.Errorf("error %v, want a NotTextError saying %q", err, tt.want)
			}
		})
	}
	// A zip that is not a Word document: no document part.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("xl/workbook.xml")
	w.Write([]byte("<workbook/>"))
	zw.Close()
	if _, err := ReadDOCX(buf.Bytes(), testLimit); err == nil || !strings.Contains(err.Error(), "没有 word/document.xml") {
		t.Errorf("a spreadsheet: error %v, want no word/document.xml", err)
	}
}

// TestOfficeDocuments holds the reading of _rels/.rels to what encoding/xml's
// Decode into the relationships made of it (the reader's code before the scanner
// took its place: encoding/xml cost every run of the command its start-up).
func TestOfficeDocuments(t *testing.T) {
	const (
		head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`
		root = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
		doc  = `http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument`
		core = `http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties`
	)
	cases := []struct {
		rels string
		want []string
	}{
		{head + root + `<Relationship Id="rId1" Type="` + doc + `" Target="word/document.xml"/></Relationships>`, []string{"word/document.xml"}},
		// WPS and some converters name the part otherwise, or give it from the root.
		{head + root + `<Relationship Id="rId3" Type="` + core + `" Target="docProps/core.xml"/><Relationship Target="/word/document2.xml" Type="` + doc + `" Id="rId1"/></Relationships>`, []string{"/word/document2.xml"}},
		{root + `<Relationship Type='` + doc + `' Target='word/文档.xml'></Relationship><Relationship Type="` + doc + `" Target="word/document.xml"/></Relationships>`, []string{"word/文档.xml", "word/document.xml"}},
		{root + `<Relationship Type="` + doc + `" Target="a&amp;b.xml"/></Relationships>`, []string{"a&b.xml"}},
		{root + `<!-- 注释 --><Relationship Type="` + doc + `" Target="word/document.xml"/></Relationships>`, []string{"word/document.xml"}},
		// Only the root's children count.
		{root + `<Group><Relationship Type="` + doc + `" Target="deep.xml"/></Group></Relationships>`, nil},
		{`<Relationship Type="` + doc + `" Target="root.xml"/>`, nil},
		{root + `<Relationship Type="` + core + `" Target="docProps/core.xml"/></Relationships>`, nil},
		{root + `<Relationship Type="` + doc + `"/></Relationships>`, []string{""}},
		// Not well-formed: nothing is taken from it.
		{root + `<Relationship Type="` + doc + `" Target="word/document.xml"/>`, nil},
		{root + `<Relationship Type="` + doc + `" Target="word/document.xml"/></Relationship>`, nil},
		{root + `<Relationship Type="` + doc + `" Target="word/document.xml"></Relationships>`, nil},
		{root + `<Relationship Type="` + doc + `" Target="word/document.xml></Relationships>`, nil},
		// What follows the root is not read.
		{root + `<Relationship Type="` + doc + `" Target="word/document.xml"/></Relationships></Relationships>`, []string{"word/document.xml"}},
		{root + `<Relationship Type="` + doc + `" Target="word/document.xml"/></Relationships><`, []string{"word/document.xml"}},
		{``, nil},
	}
	for _, c := range cases {
		got := officeDocuments([]byte(c.rels))
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.rels, got, c.want)
		}
		if ref := officeDocumentsXML([]byte(c.rels)); !reflect.DeepEqual(ref, c.want) {
			t.Errorf("%s: encoding/xml reads %q, the test expects %q", c.rels, ref, c.want)
		}
	}
}

// officeDocumentsXML is how the reader found the officeDocument targets with
// encoding/xml.
func officeDocumentsXML(rels []byte) []string {
	var doc struct {
		Rels []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.NewDecoder(bytes.NewReader(rels)).Decode(&doc); err != nil {
		return nil
	}
	var targets []string
	for _, rel := range doc.Rels {
		if strings.HasSuffix(rel.Type, "/officeDocument") {
			targets = append(targets, rel.Target)
		}
	}
	return targets
}
