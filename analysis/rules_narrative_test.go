package analysis

import (
	"fmt"
	"strings"
	"testing"
)

// narrTables3 are a mini report's Table 3 values: by the start of a row's label, its
// 总计 (put in 自然人 too) or its seven cells.
type narrTables3 map[string][]int64

// narrReport writes a 2021 report whose section 一 is prose, with Table 2's
// 行政规范性文件 row t2, Table 3's rows t3 (0 elsewhere) and Table 4's row t4.
func narrReport(prose string, t2 [3]int64, t3 narrTables3, t4 [15]int64) string {
	var b strings.Builder
	b.WriteString("# 某某区人民政府2023年政府信息公开工作年度报告\n\n一、总体情况\n\n")
	b.WriteString(prose)
	b.WriteString("\n\n二、主动公开政府信息情况\n\n| 第二十条第（一）项 |\n|---|\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n")
	fmt.Fprintf(&b, "| 行政规范性文件 | %d | %d | %d |\n", t2[0], t2[1], t2[2])
	b.WriteString("| 第二十条第（五）项 |\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 0 |\n| 第二十条第（六）项 |\n| 信息内容 | 本年处理决定数量 |\n| 行政处罚 | 0 |\n| 行政强制 | 0 |\n| 第二十条第（八）项 |\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 0 |\n")
	b.WriteString("\n三、收到和处理政府信息公开申请情况\n\n| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |\n|---|---|\n| 自然人 | 法人或其他组织 | 总计 |\n|  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |\n")
	first := map[*TemplateRow]*TemplateRow{}
	for _, tr := range TemplateFor(Format2021).Table3 {
		if tr.Role == RoleGroup {
			continue
		}
		cells := make([]int64, 7)
		for k, v := range t3 {
			if strings.HasPrefix(tr.Label, k) {
				if len(v) == 1 {
					cells[0], cells[6] = v[0], v[0]
				} else {
					copy(cells, v)
				}
			}
		}
		// A group's label shares the row of its first leaf, as published tables have it.
		label := tr.Label
		for g := tr.Group; g != nil && first[g] == nil; g = g.Group {
			first[g] = tr
			label = g.Label + " | " + label
		}
		fmt.Fprintf(&b, "| %s |", label)
		for _, v := range cells {
			fmt.Fprintf(&b, " %d |", v)
		}
		b.WriteString("\n")
	}
	b.WriteString("\n四、政府信息公开行政复议、行政诉讼情况\n\n| 行政复议 | 行政诉讼 |\n|---|---|\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | 复议后起诉 |\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|")
	for _, v := range t4 {
		fmt.Fprintf(&b, " %d |", v)
	}
	b.WriteString("\n\n五、存在的主要问题及改进情况\n\n无。\n\n六、其他需要报告的事项\n\n2023年，本机关未收取信息处理费。\n")
	return b.String()
}

// narrFindings runs the check and returns the narrative-mismatch findings as
// "quoted text｜message".
func narrFindings(t *testing.T, text string) []string {
	t.Helper()
	res := Check(text, Options{})
	var out []string
	for _, d := range res.Diagnostics {
		if d.Rule == "narrative-mismatch" {
			out = append(out, text[d.Start:d.End]+"｜"+d.Message)
		}
	}
	return out
}

// TestNarrativeResearchRows: the 13 statements of rules-research.md C1, each in a
// report whose tables hold what the real report's did. All agree but PT23's Table 2
// statement; the 诉求 clauses of PT19 and PT20 are not read.
func TestNarrativeResearchRows(t *testing.T) {
	zero4 := [15]int64{}
	tests := []struct {
		name  string
		prose string
		t2    [3]int64
		t3    narrTables3
		t4    [15]int64
		want  []string
	}{
		{name: "PT20", prose: "2020年全区各级行政机关共受理政府信息公开申请21件，受理的申请件已按规定在法定期限内予以答复。",
			t3: narrTables3{"一、": {21}, "（一）": {21}, "（七）": {21}}},
		{name: "PT21", prose: "（二）依申请公开方面。我区高度重视依申请公开工作的办理。坚持第一时间登记受理、第一时间转送承办单位和第一时间回复申请的“三个一”工作机制。本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。",
			t3: narrTables3{"一、": {70}, "（一）": {69}, "（七）": {69}, "四、": {1}}},
		{name: "PT22 received", prose: "2022年，收到政府信息公开申请75件，涉及自然人72件、商业企业3件。",
			t3: narrTables3{"一、": {71, 3, 0, 0, 0, 0, 74}, "二、": {1}, "（一）": {72, 3, 0, 0, 0, 0, 75}, "（七）": {72, 3, 0, 0, 0, 0, 75}}},
		{name: "PT22 Table 4", prose: "因政府信息公开引发行政诉讼案件1件、行政复议案件2件，均已结案。",
			t4: [15]int64{2, 0, 0, 0, 2, 1, 0, 0, 0, 1}},
		{name: "PT23 Table 3", prose: "（二）依申请公开方面。共计81件，涉及自然人80件、商业企业1件。办结81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；无法提供31件，占38.27%；不予处理1件，占1.23%；其他处理2件，占2.47%。",
			t3: narrTables3{"一、": {80, 1, 0, 0, 0, 0, 81}, "（一）": {22}, "（二）": {20}, "1.属于国家秘密": {1}, "3.危及": {1}, "4.保护": {1}, "7.属于行政执法": {2},
				"1.本机关": {31}, "2.重复": {1}, "3.其他": {2}, "（七）": {80, 1, 0, 0, 0, 0, 81}}},
		{name: "PT23 Table 4", prose: "因政府信息公开被申请行政复议案件2件、行政诉讼案件7件。",
			t4: [15]int64{2, 0, 0, 0, 2, 5, 0, 0, 0, 5, 2, 0, 0, 0, 2}},
		{name: "PT23 Table 2", prose: "全区现行有效行政规范性文件393件，本年度制发的规范性文件77件。",
			t2:   [3]int64{77, 0, 470},
			want: []string{"现行有效行政规范性文件393件｜正文“现行有效行政规范性文件393件”与表二不符：行政规范性文件现行有效件数 470"}},
		// The pages themselves (changwu/pingtan-gov-zwgk-archive, 2023 and 2024 reports,
		// section 一 as the page text runs it on, a few long sentences cut), with their tables.
		{name: "PT23 page", prose: "2023年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，按照国务院办公厅、省政府办公厅关于政务公开的决策部署，紧紧围绕实验区党工委、管委会中心工作和人民群众所需所盼，持续推进基层政务公开标准化规范化，积极助力实验区经济社会发展。（一）主动公开方面平潭综合实验区切实落实国务院办公厅、省政府办公厅关于政务公开工作有关要求，坚持应公开尽公开,持续推进基础信息公开、深化重点领域信息公开，2023年全区共主动公开政府信息13561条。一是做好规范性文件公开。按照省政府办公厅相关工作要求设立规范性文件库，清理并集中发布现行有效行政规范性文件393件，动态更新本年度制发的规范性文件77件。二是加强政策文件解读，聚焦企业和群众关心事项，综合运用图文图表、在线访谈、H5等形式，不断提升政策解读的趣味性、政策推送的精准性，全年发布政策解读117篇。（二）依申请公开方面持续强化服务理念，严格按照《条例》要求，做好申请公开登记、审核、办理、答复、归档等各项工作，增强答复内容的针对性、规范性，进一步提高答复质量和群众满意度。2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件，涉及自然人80件、商业企业1件。办结依申请公开81件，其中：予以公开及部分公开42件，占51.85%；不予公开5件，占6.17%；无法提供31件，占38.27%；不予处理1件，占1.23%；其他处理2件，占2.47%；因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。（三）政府信息管理方面进一步规范信息发布全流程，规范发布规章、行政规范性文件等重要政府信息，根据本年度行政规范性文件全面清理结果，对规范性文件数据库进行再梳理、再核对。（四）信息公开平台建设方面，注销2个无人维护或重复建设的政务新媒体，新开设1个政务新媒体。（五）监督保障方面全年开展季度通报3次、月通报7次。",
			t2: [3]int64{77, 132, 470},
			t3: narrTables3{"一、": {80, 1, 0, 0, 0, 0, 81}, "（一）": {22}, "（二）": {19, 1, 0, 0, 0, 0, 20}, "4.保护": {1}, "6.属于四类": {1}, "7.属于行政执法": {1}, "8.属于行政查询": {2},
				"1.本机关": {31}, "2.重复": {1}, "1.申请人无正当理由": {1}, "3.其他": {1}, "（七）": {80, 1, 0, 0, 0, 0, 81}},
			t4:   [15]int64{1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2},
			want: []string{"现行有效行政规范性文件393件｜正文“现行有效行政规范性文件393件”与表二不符：行政规范性文件现行有效件数 470"}},
		{name: "PT24 page", prose: "（二）依申请公开方面。规范做好申请登记、审查、办理、答复、归档等工作，强化服务理念，提高答复质量。主动加强与申请人沟通，了解实质诉求，耐心细致为群众释疑并合理引导。强化与区直各部门协调联动，畅通信息查找渠道，满足企业、群众个性化政府信息需求。全年办理政府信息公开申请218件。（三）政府信息管理方面。加强规范性文件库建设，巩固行政规范性文件集中统一公开成果，动态更新发布本年度制发行政规范性文件62件，并同步做好全真版上传等工作，确保行政规范性文件库数据准确、规范统一。（四）信息公开平台建设方面。对5个发挥作用不明显、基层无力维护的政务新媒体予以关停注销。",
			t2: [3]int64{62, 33, 440},
			t3: narrTables3{"一、": {217, 1, 0, 0, 0, 0, 218}, "（一）": {71}, "（二）": {29}, "1.属于国家秘密": {4}, "4.保护": {3}, "5.属于三类": {32}, "1.本机关": {75}, "2.重复": {1}, "1.申请人无正当理由": {1}, "3.其他": {1, 1, 0, 0, 0, 0, 2}, "（七）": {217, 1, 0, 0, 0, 0, 218}},
			t4: [15]int64{2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19}},
		{name: "PT24", prose: "全年办理政府信息公开申请218件；制发行政规范性文件62件。",
			t2: [3]int64{62, 0, 500}, t3: narrTables3{"一、": {218}, "（一）": {218}, "（七）": {218}}},
		{name: "PT25", prose: "（二）依申请公开方面。2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。",
			t3: narrTables3{"一、": {154}, "（一）": {148}, "（七）": {148}, "四、": {6}},
			t4: [15]int64{30, 0, 0, 6, 36, 6, 0, 0, 0, 6, 3, 0, 0, 0, 3}},
		{name: "WQ20", prose: "2020年，我单位共接到依申请公开办件1件，主要回复内容为伍桥镇制作的公告。",
			t3: narrTables3{"一、": {1}, "（一）": {1}, "（七）": {1}}},
		{name: "JN24", prose: "全年共受理政府信息公开申请543件（含上年度结转6件），依法办结541件，结转下年度办理2件。",
			t3: narrTables3{"一、": {537}, "二、": {6}, "（一）": {541}, "（七）": {541}, "四、": {2}}},
		{name: "PT19 诉求", prose: "（二）依申请公开方面。区社会事业局不断公开社会保障等信息，受理各类群众诉求259起。",
			t3: narrTables3{"一、": {3}, "（一）": {3}, "（七）": {3}}},
		{name: "PT20 诉求", prose: "依申请公开之外，组织开展19期《问政平潭之有事你说》，收到群众诉求348件，现场解决162件，跟进解决186件，办结率100%。",
			t3: narrTables3{"一、": {21}, "（一）": {21}, "（七）": {21}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.t4 == zero4 {
				tc.t4 = [15]int64{}
			}
			got := narrFindings(t, narrReport(tc.prose, tc.t2, tc.t3, tc.t4))
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("findings:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestNarrativeMismatches: statements that disagree, each listing what the number
// could have been, with the compared cells as related locations.
func TestNarrativeMismatches(t *testing.T) {
	tests := []struct {
		name    string
		prose   string
		t3      narrTables3
		t4      [15]int64
		want    []string
		related int // of the first finding
	}{
		{name: "received", prose: "2023年，收到政府信息公开申请75件。",
			t3:      narrTables3{"一、": {73}, "二、": {1}, "（一）": {74}, "（七）": {74}},
			want:    []string{"收到政府信息公开申请75件｜正文“收到政府信息公开申请75件”与表三不符：本年新收 73，本年新收+上年结转 74"},
			related: 2},
		{name: "received, 二 zero: said once", prose: "2023年，收到政府信息公开申请75件。",
			t3:   narrTables3{"一、": {73}, "（一）": {73}, "（七）": {73}},
			want: []string{"收到政府信息公开申请75件｜正文“收到政府信息公开申请75件”与表三不符：本年新收 73"}},
		{name: "含上年结转 only 一+二", prose: "共受理政府信息公开申请543件（含上年度结转6件）。",
			t3:   narrTables3{"一、": {543}, "二、": {6}, "（一）": {549}, "（七）": {549}},
			want: []string{"受理政府信息公开申请543件｜正文“受理政府信息公开申请543件”与表三不符：本年新收+上年结转 549"}},
		{name: "Chinese numerals", prose: "本年度办理政府信息公开申请十二件，办结十件，两件结转下年度。",
			t3:   narrTables3{"一、": {12}, "（一）": {11}, "（七）": {11}, "四、": {1}},
			want: []string{"办结十件｜正文“办结十件”与表三不符：（七）总计 11"}},
		{name: "percentage", prose: "依申请公开方面，办结81件，其中予以公开22件，占30%。",
			t3:   narrTables3{"一、": {81}, "（一）": {22}, "3.其他": {59}, "（七）": {81}},
			want: []string{"22件，占30%｜正文“22件，占30%”与表三不符：22 占（七）总计 81 的 27%"}},
		{name: "percentage rounded or cut", prose: "依申请公开方面，予以公开2件，占2.46%；无法提供1件，占1.23%。",
			t3: narrTables3{"一、": {81}, "（一）": {2}, "1.本机关": {1}, "3.其他": {78}, "（七）": {81}}},
		{name: "均已结案", prose: "本年度因政府信息公开被申请行政复议2件，均已结案。",
			t4:   [15]int64{1, 0, 0, 1, 2},
			want: []string{"均已结案｜正文“均已结案”与表四不符：行政复议尚未审结 1"}},
		{name: "未收到申请", prose: "2023年，本机关未收到政府信息公开申请。",
			t3:   narrTables3{"一、": {3}, "（一）": {3}, "（七）": {3}},
			want: []string{"未收到政府信息公开申请｜正文“未收到政府信息公开申请”与表三不符：本年新收 3"}},
		{name: "行政诉讼, the results' sum differs from 总计", prose: "因政府信息公开被提起行政诉讼3起。",
			t4:   [15]int64{0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0},
			want: []string{"行政诉讼3起｜正文“行政诉讼3起”与表四不符：未经复议直接起诉总计+复议后起诉总计 2，行政诉讼各结果之和 1"}},
		{name: "words that are not counts", prose: "依申请公开方面，与申请人一起核实，建立三个一机制，第3件申请已答复，受理申请后一项一项办理。",
			t3: narrTables3{"一、": {5}, "（一）": {5}, "（七）": {5}}},
		{name: "行政复议 in 一 not said of information disclosure", prose: "全年办理行政复议案件56件，依法纠错3件。",
			t4: [15]int64{1, 0, 0, 0, 1}},
		{name: "行政复议 in 一 said of information disclosure", prose: "全年因政府信息公开被申请行政复议56件。",
			t4:   [15]int64{1, 0, 0, 0, 1},
			want: []string{"行政复议56件｜正文“行政复议56件”与表四不符：行政复议总计 1"}},
		{name: "another number in the gap", prose: "依申请公开方面，2023年受理了2022年提交的申请3件。",
			t3: narrTables3{"一、": {5}, "（一）": {5}, "（七）": {5}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text := narrReport(tc.prose, [3]int64{}, tc.t3, tc.t4)
			got := narrFindings(t, text)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("findings:\n got %q\nwant %q", got, tc.want)
			}
			if tc.related == 0 {
				return
			}
			for _, d := range Check(text, Options{}).Diagnostics {
				if d.Rule != "narrative-mismatch" {
					continue
				}
				if len(d.Related) != tc.related {
					t.Errorf("%d related, want %d: %+v", len(d.Related), tc.related, d.Related)
				}
				for _, r := range d.Related {
					if got := text[r.Start:r.End]; !strings.HasSuffix(r.Message, "："+got) || !strings.HasPrefix(r.Message, "表三 ") {
						t.Errorf("related %q at %q", r.Message, got)
					}
				}
				break
			}
		})
	}
}

// A blank, invalid or misplaced cell silences the statements that need it.
func TestNarrativeSilentOnUnreadableCells(t *testing.T) {
	base := narrReport("2023年，收到政府信息公开申请75件，办结70件。", [3]int64{}, narrTables3{"一、": {73}, "（一）": {73}, "（七）": {73}}, [15]int64{})
	if got := narrFindings(t, base); len(got) != 2 {
		t.Fatalf("base report: %q, want two findings", got)
	}
	for name, edit := range map[string]func(string) string{
		"blank": func(s string) string {
			return strings.Replace(s, "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 |  |", 1)
		},
		"invalid": func(s string) string {
			return strings.Replace(s, "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | / |", 1)
		},
		"shape": func(s string) string {
			return strings.Replace(s, "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 |", 1)
		},
	} {
		text := edit(base)
		if text == base {
			t.Fatalf("%s: edit did nothing", name)
		}
		got := narrFindings(t, text)
		if len(got) != 1 || !strings.HasPrefix(got[0], "办结70件") {
			t.Errorf("%s: %q, want the 办结 finding only", name, got)
		}
	}
}

func TestChineseNumerals(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{
		{"三", 3, true}, {"十", 10, true}, {"十二", 12, true}, {"二十", 20, true}, {"两千", 2000, true},
		{"一百零五", 105, true}, {"九千九百九十九", 9999, true}, {"三百〇二", 302, true},
		{"一二", 0, false}, {"二〇二一", 0, false}, {"百", 0, false}, {"零", 0, false},
	} {
		v, end, ok := chineseAt(tc.in+"件", 0)
		if ok != tc.ok || ok && (v != tc.want || end != len(tc.in)) {
			t.Errorf("chineseAt(%q) = %d, %d, %v; want %d, %v", tc.in, v, end, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		in    string
		want  int64
		whole bool
	}{
		{"75件", 75, true}, {"１２件", 12, true}, {"1,234件", 1234, true}, {"1.5件", 0, false}, {"12,34件", 12, true},
	} {
		v, _, whole := arabicAt(tc.in, 0)
		if whole != tc.whole || whole && v != tc.want {
			t.Errorf("arabicAt(%q) = %d, %v; want %d, %v", tc.in, v, whole, tc.want, tc.whole)
		}
	}
}

// Table 2 statements are info (the prose often counts another scope), Tables 3 and
// 4 warnings; no finding has a fix.
func TestNarrativeSeverity(t *testing.T) {
	text := readFixture(t, "narrative-mismatch.md")
	n := 0
	for _, d := range Check(text, Options{}).Diagnostics {
		if d.Rule != "narrative-mismatch" {
			continue
		}
		n++
		want := SeverityWarning
		if strings.Contains(d.Message, "与表二不符") {
			want = SeverityInfo
		}
		if d.Severity != want || len(d.Fixes) != 0 || len(d.Related) == 0 {
			t.Errorf("%s: severity %s, %d fixes, %d related", d.Message, d.Severity, len(d.Fixes), len(d.Related))
		}
	}
	if n != 4 {
		t.Errorf("%d findings, want 4", n)
	}
}

// Edits of the prose and of the cells it is compared with are answered cheaply, and
// the answer is Check's: the findings come and go with either side.
func TestNarrativeUpdate(t *testing.T) {
	text := readFixture(t, "narrative-mismatch.md")
	res := Check(text, Options{})
	cheapMissed := 0 // the edit that writes 政府信息公开 into a line is checked afresh
	for _, tc := range []struct{ old, new string }{
		{"现行有效行政规范性文件41件", "现行有效行政规范性文件40件"},                     // the prose now agrees
		{"| 行政规范性文件 | 5 | 1 | 40 |", "| 行政规范性文件 | 5 | 1 | 41 |"}, // and now the table does not
		{"占45%", "占48%"},
		{"不予公开3件", "不予公开4件"},
		{"办结25件", "办结26件"},
		{"商业企业6件", "商业企业五件"},
		{"全年受理群众诉求132件", "全年受理政府信息公开申请132件"}, // no longer another channel
		{"| 1 | 0 | 0 | 1 | 2 | 1 |", "| 1 | 0 | 0 | 0 | 2 | 1 |"},
	} {
		at := strings.Index(text, tc.old)
		if at < 0 {
			t.Fatalf("%q not in the text", tc.old)
		}
		e := smallestEdit(tc.old, tc.new, at)
		next := text[:e.Start] + e.NewText + text[e.End:]
		got := res.UpdateCheap(next, e)
		if got == nil {
			cheapMissed++
			got = res.Update(next, e)
		}
		sameResult(t, fmt.Sprintf("%q → %q", tc.old, tc.new), got, Check(next, Options{}))
		text, res = next, got
	}
	if cheapMissed > 1 {
		t.Errorf("%d edits not answered cheaply", cheapMissed)
	}
	if got := narrFindings(t, text); len(got) != 5 {
		t.Errorf("after the edits: %q, want 5 findings", got)
	}
}

// Statements cut off at the end of the text read nothing past it.
func TestNarrativeCutOff(t *testing.T) {
	base := narrReport("", [3]int64{}, narrTables3{"一、": {3}, "（一）": {3}, "（七）": {3}}, [15]int64{1, 0, 0, 1, 2})
	head := base[:strings.Index(base, "\n\n二、")]
	for _, tail := range []string{"依申请公开方面，予以公开3件，占", "依申请公开方面，予以公开3件，占1", "依申请公开方面，予以公开3", "依申请公开方面，收到申请十", "行政复议2件，均已", "依申请公开方面，未收到", "依申请公开方面，１"} {
		Check(head+tail+base[len(head):], Options{})
		// At the very end of the text: section 四 last, its prose after the table.
		Check(base[:strings.Index(base, "\n\n五、")]+"\n\n"+tail, Options{})
	}
}
