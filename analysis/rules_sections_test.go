package analysis

import (
	"strings"
	"testing"
)

// sectionsReport is a short report of the given year whose 五 and 六 are given;
// "\n" is replaced by eol.
func sectionsReport(year, five, six, eol string) string {
	s := "# 某某县教育局" + year + "年政府信息公开工作年度报告\n\n" +
		"一、总体情况\n\n" + year + "年，我局继续推进政务公开。\n\n" +
		"二、主动公开政府信息情况\n\n本年度主动公开政府信息120条。\n\n" +
		"三、收到和处理政府信息公开申请情况\n\n本年度未收到申请。\n\n" +
		"四、政府信息公开行政复议、行政诉讼情况\n\n无。\n\n" +
		"五、存在的主要问题及改进情况\n" + five + "六、其他需要报告的事项\n" + six
	return strings.ReplaceAll(s, "\n", eol)
}

const goodFive = "\n存在的主要问题是政策解读形式单一。下一步将丰富解读形式，提升公开质量。\n\n"

// ruleFindings returns the findings of one rule.
func ruleFindings(res *Result, rule string) []Diagnostic {
	var out []Diagnostic
	for _, d := range res.Diagnostics {
		if d.Rule == rule {
			out = append(out, d)
		}
	}
	return out
}

func TestWordCount(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"总体情况", 4},
		{"2021年，我局", 5},                 // 2021 is one word; 年 ， 我 局
		{"公开信息1,280条", 6},               // 1,280 is one run
		{"融合AI技术", 5},                   // AI is one
		{"网站 www.example.gov.cn 上线", 5}, // a run ends at a space
		{"“公开为常态”……——", 11},             // Chinese quotes, ellipsis and dashes one each
		{"全角１２３", 5},                    // full-width digits one each, as Word counts them
		{"a b\u3000c\u00a0d", 4},        // blanks of every width separate runs and count nothing
		{"拉堡鎮,我鎮", 6},                   // a half-width comma alone is a run of its own
	} {
		if got := wordCount(tc.s); got != tc.want {
			t.Errorf("wordCount(%q) = %d, want %d", tc.s, got, tc.want)
		}
	}
}

// TestFeeInsertion: the fix of fee-not-reported puts the sentence on a paragraph of
// its own, separated as the text separates paragraphs, before a closing, with the
// text's line ends; after it the rule is quiet.
func TestFeeInsertion(t *testing.T) {
	for _, tc := range []struct {
		name, six, eol, want string
	}{
		{"blank lines", "\n无其他需要报告的事项。\n", "\n",
			"\n\n无其他需要报告的事项。\n\n2023年，本机关未收取信息处理费。\n"},
		{"CRLF, consecutive lines", "（一）行政事业性收费情况：收费3项。\n（二）其他：无。\n", "\r\n",
			"\r\n（一）行政事业性收费情况：收费3项。\r\n（二）其他：无。\r\n2023年，本机关未收取信息处理费。\r\n"},
		{"CR alone", "\n无。\n", "\r",
			"\r\r无。\r\r2023年，本机关未收取信息处理费。\r"},
		{"CRLF at the end of the text", "\n无", "\r\n",
			"\r\n\r\n无\r\n\r\n2023年，本机关未收取信息处理费。"},
		{"only 无 at the end of the text", "\n无", "\n",
			"\n\n无\n\n2023年，本机关未收取信息处理费。"},
		{"empty section", "", "\n",
			"\n\n2023年，本机关未收取信息处理费。\n"},
		{"empty section, CRLF", "", "\r\n",
			"\r\n\r\n2023年，本机关未收取信息处理费。\r\n"},
		{"before the closing", "\n无。\n\n某某县教育局\n\n2024年1月20日\n", "\n",
			"\n\n无。\n\n2023年，本机关未收取信息处理费。\n\n某某县教育局\n\n2024年1月20日\n"},
		{"only a closing", "\n某某县教育局\n2024年1月20日\n", "\n",
			"\n\n2023年，本机关未收取信息处理费。\n\n某某县教育局\n2024年1月20日\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := sectionsReport("2023", goodFive, tc.six, "\n")
			text = strings.ReplaceAll(text, "\n", tc.eol)
			ds := ruleFindings(Check(text, Options{}), "fee-not-reported")
			if len(ds) != 1 || len(ds[0].Fixes) != 1 {
				t.Fatalf("findings %+v, want one with a fix", ds)
			}
			fixed, err := ApplyEdits(text, ds[0].Fixes[0].Edits)
			if err != nil {
				t.Fatal(err)
			}
			heading := "六、其他需要报告的事项"
			if got := fixed[strings.Index(fixed, heading)+len(heading):]; got != tc.want {
				t.Errorf("六 after the fix:\n got %q\nwant %q", got, tc.want)
			}
			if again := ruleFindings(Check(fixed, Options{}), "fee-not-reported"); len(again) != 0 {
				t.Errorf("still reported after the fix: %+v", again)
			}
		})
	}
}

func TestFeeNotReported(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		opts Options
		want int // findings; -1: one, without a fix
	}{
		{"standard sentence", sectionsReport("2023", goodFive, "\n2023年，无收取信息处理费情况。\n", "\n"), Options{}, 0},
		{"traditional", sectionsReport("2023", goodFive, "\n2023年，未收取信息處理費。\n", "\n"), Options{}, 0},
		{"处理费 alone", sectionsReport("2023", goodFive, "\n本年度未收取任何处理费。\n", "\n"), Options{}, 0},
		{"行政事业性收费 only", sectionsReport("2023", goodFive, "\n本年度行政事业性收费3项。\n", "\n"), Options{}, 1},
		{"2019 format", sectionsReport("2020", goodFive, "\n无\n", "\n"), Options{}, 0},
		{"no 六", strings.Split(sectionsReport("2023", goodFive, "", "\n"), "六、")[0], Options{}, 0},
		{"year unknown", sectionsReport("", goodFive, "\n无\n", "\n"), Options{Template: Format2021}, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Check(tc.text, tc.opts)
			ds := ruleFindings(res, "fee-not-reported")
			switch {
			case tc.want == -1:
				if res.Report().Year != 0 || len(ds) != 1 || len(ds[0].Fixes) != 0 {
					t.Errorf("year %d, findings %+v: want one without a fix", res.Report().Year, ds)
				}
			case len(ds) != tc.want:
				t.Errorf("%d findings, want %d: %+v", len(ds), tc.want, ds)
			}
		})
	}
}

func TestSectionContent(t *testing.T) {
	for _, tc := range []struct {
		name, five, six string
		want            string // the message of the one finding on 五, "" for none
		severity        Severity
	}{
		{"good", goodFive, "\n无\n", "", 0},
		{"empty", "\n", "\n无\n", "第五部分没有内容", SeverityWarning},
		{"only 无", "\n无。\n\n", "\n无\n", "只写了「无」", SeverityWarning},
		{"full-width 无 with spaces", "\n 无 \n\n", "\n无\n", "只写了「无」", SeverityWarning},
		{"short", "\n存在问题：宣传不够。将加强宣传。\n\n", "\n无\n", "只有 16 个字", SeverityWarning},
		{"29 characters", "\n" + strings.Repeat("问", 29) + "\n\n", "\n无\n", "只有 29 个字", SeverityWarning},
		{"no measure", "\n存在的主要问题是政策解读形式单一，公开渠道有限，群众知晓度不高，宣传效果不够理想。\n\n", "\n无\n", "改进措施", SeverityInfo},
		{"no problem", "\n本年工作取得明显成效。下一步，我局将继续完善制度，提高公开质量，更好服务群众需要。\n\n", "\n无\n", "存在的问题", SeverityInfo},
		{"将 before a verb is a measure", "\n存在的主要问题是政策解读形式单一，公开渠道有限。2024年，我局将进一步丰富解读形式。\n\n", "\n无\n", "", 0},
		{"将 before a noun is not", "\n存在的主要问题是政策解读形式单一，公开渠道有限。我局已将政务公开纳入年度考核范围。\n\n", "\n无\n", "改进措施", SeverityInfo},
		{"traditional", "\n存在的主要問題是政策解讀形式單一，公開渠道有限。下一步將加強政策解讀工作。\n\n", "\n无\n", "", 0},
		{"a shortcoming without the word 问题", "\n一是依申请公开答复质量有待提升，二是政策解读形式较为单一。下一步，我局将加强业务培训，丰富解读形式。\n\n", "\n无\n", "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ds := ruleFindings(Check(sectionsReport("2020", tc.five, tc.six, "\n"), Options{}), "section-content")
			if tc.want == "" {
				if len(ds) != 0 {
					t.Errorf("findings %+v, want none", ds)
				}
				return
			}
			if len(ds) != 1 || !strings.Contains(ds[0].Message, tc.want) || ds[0].Severity != tc.severity {
				t.Errorf("findings %+v, want one %s with %q", ds, tc.severity, tc.want)
			}
		})
	}
	// 六: only a section with nothing in it.
	for six, want := range map[string]int{"": 1, "\n\n": 1, "\n无\n": 0, "\n无其他需要报告的事项\n": 0} {
		ds := ruleFindings(Check(sectionsReport("2020", goodFive, six, "\n"), Options{}), "section-content")
		if len(ds) != want {
			t.Errorf("六 %q: findings %+v, want %d", six, ds, want)
		}
	}
}

func TestOverviewLengthSetting(t *testing.T) {
	// 一 of 10 × 110 = 1100 characters as Word counts them.
	long := strings.Repeat(strings.Repeat("公", 109)+"。\n", 10)
	text := strings.Replace(sectionsReport("2022", goodFive, "\n2022年，本机关未收取信息处理费。\n", "\n"),
		"2022年，我局继续推进政务公开。\n", long, 1)
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{Options{}, "总体情况约 1100 字（按 Word 字数统计），格式要求篇幅原则上不超过一千字"},
		{Options{OverviewMax: 1200}, ""},
		{Options{OverviewMax: 1100}, ""},
		{Options{OverviewMax: 800}, "总体情况约 1100 字（按 Word 字数统计），超过设定的 800 字"},
		{Options{Template: Format2019}, ""},
	} {
		ds := ruleFindings(Check(text, tc.opts), "overview-length")
		switch {
		case tc.want == "" && len(ds) != 0:
			t.Errorf("%+v: findings %+v, want none", tc.opts, ds)
		case tc.want != "" && (len(ds) != 1 || !strings.HasPrefix(ds[0].Message, tc.want) || ds[0].Severity != SeverityInfo):
			t.Errorf("%+v: findings %+v, want one with %q", tc.opts, ds, tc.want)
		}
	}
}
