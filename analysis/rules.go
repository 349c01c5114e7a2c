package analysis

// Rule is one check. Rules are plain values in one registry; they know nothing of
// editors or output formats.
type Rule struct {
	// ID is stable: configuration, output and editors refer to it.
	ID string
	// Severity is the default severity of the rule's findings.
	Severity Severity
	// Title is a one-line summary in Chinese.
	Title string
	// Doc says what the rule checks, in Chinese, for help text and the rule reference.
	Doc string
	// Fix says what the rule's fix does; empty when it has none.
	Fix string
	// FixAll marks the rules whose first fix "fix all" and `check --fix` apply.
	FixAll bool
	// Example is a short piece of report text the rule flags.
	Example string

	// reads says what the rule's findings depend on, so that an update after an edit
	// reruns exactly the rules whose input the edit changed (see Update).
	reads reads
	// prose, for a rule that reads prose, is whose prose it reads (allSections
	// when zero); values is set when it reads the values of the tables too. An
	// update reruns it after an edit of prose in those sections, or of a value
	// cell when values is set, and keeps its findings, moved, after any other.
	prose  sectionSet
	values bool
	// paragraphwise marks a rule that reads prose whose findings on a paragraph
	// depend on that paragraph alone (and the tables' values), lie in it, and refer
	// to nothing else but table cells: an update after an edit of prose reruns it on
	// the edited paragraph only.
	paragraphwise bool
	// prepare, for a rule that reads prose and values, reads ahead what it reads
	// of the text alone and keeps it on the report. The report of an update after
	// an edit of a cell (see UpdateCheap) is built with it, off the keystroke's
	// path: the next keystroke is likely in a cell again.
	prepare func(*Report)
	run     func(*pass)
	// across is the body of a rule comparing years (see CheckAcross); run is then
	// runAcross of it.
	across acrossRun
	// most is the most findings run reports on a report, to size the findings up
	// front; nil for a rule that reports a handful at most.
	most func(*Report) int
}

// reads is what a rule's findings depend on.
type reads uint8

const (
	// readsStructure: the sections, headings, tables, rows and labels — what any
	// edit that is not confined to one number cell or one line of prose may change.
	readsStructure reads = iota
	// readsCell: each value cell on its own; every finding lies inside its cell.
	readsCell
	// readsTable: the numbers of a table together (its arithmetic), and the
	// report's title, which no edit an update answers cheaply can change; every
	// finding lies inside its table. Such a rule reads the tables of
	// pass.numberTables only: an update gives it the edited table, a lean check each
	// table in turn.
	readsTable
	// readsProse: the prose of the sections (Report.Prose) and any value cell of the
	// tables, besides the report's title, year and format and its sections' and
	// tables' places; findings anywhere. Such a rule runs again after every edit an
	// update answers cheaply, on the report moved across the edit (see
	// Result.UpdateCheap): it must not read Report.Doc, which that report has not,
	// nor the arithmetic (totals, balances), which it has not either.
	readsProse
)

// sectionSet is a set of section kinds: bit k for section k (1–6), bit 0 for the
// text before the first section heading.
type sectionSet uint8

const allSections sectionSet = 1<<7 - 1

func sections(kinds ...SectionKind) sectionSet {
	var s sectionSet
	for _, k := range kinds {
		s |= 1 << k
	}
	return s
}

// has reports whether the set holds section kind k; a kind out of range (none
// today) counts as held.
func (s sectionSet) has(k SectionKind) bool { return k < 0 || k > 6 || s&(1<<k) != 0 }

// proseSections is the sections whose prose r reads.
func (r *Rule) proseSections() sectionSet {
	if r.prose == 0 {
		return allSections
	}
	return r.prose
}

// registry holds every rule, in the order they run and are documented.
var registry = []Rule{
	{
		ID: "missing-section", Severity: SeverityError,
		Title:   "缺少必备部分",
		Doc:     "报告应包含六个部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。",
		Example: "全文没有「六、其他需要报告的事项」",
		run:     runMissingSection,
	},
	{
		ID: "duplicate-section", Severity: SeverityWarning,
		Title:   "部分重复出现",
		Doc:     "同一部分的标题出现两次或以上，常见于整篇报告被粘贴了两遍。",
		Example: "「一、总体情况」出现两次",
		run:     runDuplicateSection,
		most:    mostDuplicateSection,
	},
	{
		ID: "section-order", Severity: SeverityWarning,
		Title:   "部分顺序错误",
		Doc:     "六个部分应按一至六的顺序排列。",
		Example: "「三、收到和处理政府信息公开申请情况」出现在「二、主动公开政府信息情况」之前",
		run:     runSectionOrder,
	},
	{
		ID: "nonstandard-heading", Severity: SeverityWarning,
		Title:   "部分标题与格式不一致",
		Doc:     "部分标题应使用格式规定的措辞。",
		Fix:     "改为规定的标题",
		FixAll:  true,
		Example: "五、存在问题及改进措施 → 五、存在的主要问题及改进情况",
		run:     runNonstandardHeading,
		most:    mostNonstandardHeading,
	},
	{
		ID: "nonstandard-label", Severity: SeverityWarning,
		Title:   "表格文字与格式不一致",
		Doc:     "行名、列名和栏目名应使用格式规定的措辞（繁体、全半角、空格和序号写法不计）。",
		Fix:     "改为规定的措辞",
		FixAll:  true,
		Example: "合计 → 总计；结果维护 → 结果维持；信访投诉举报类申请 → 信访举报投诉类申请",
		run:     runNonstandardLabel,
		most:    mostNonstandardLabel,
	},
	{
		ID: "template-version", Severity: SeverityError,
		Title:   "表格版本与年度不符",
		Doc:     "2019、2020 年度报告使用 2019 年版表格，2021 年度起使用 2021 年版表格。",
		Example: "2021 年度报告的表二仍有「第二十条第（九）项」和「本年新制作数量」",
		run:     runTemplateVersion,
		most:    mostTemplateVersion,
	},
	{
		ID: "table-unreadable", Severity: SeverityError,
		Title:   "表格无法读取",
		Doc:     "报告有表格所在的部分或表格的行名，但读不出表格的数值（表格是图片、粘贴时丢了分隔、或是无法识别的排版）。未读出的表格不做任何核对，因此报告不能算通过检查。可识别的排版：" + layoutNames + "。",
		Example: "表三（收到和处理政府信息公开申请情况）：找到 25 个行名中的 25 个，其后没有数值",
		run:     runTableUnreadable,
		most:    mostTableUnreadable,
	},
	{
		ID: "missing-row", Severity: SeverityWarning,
		Title:   "表格缺少行",
		Doc:     "表格应包含格式规定的每一行。",
		Example: "表三没有「（六）其他处理」行",
		run:     runMissingRow,
		most:    mostMissingRow,
	},
	{
		ID: "row-shape", Severity: SeverityWarning,
		Title:   "行的数值个数与列数不符",
		Doc:     "一行的数值个数应等于该表的列数；个数不符时无法确定数值所属的列，该行不参与计算核对。",
		Example: "表三「（一）予以公开」行只有 5 个数值，应有 7 个",
		run:     runRowShape,
		most:    mostRowShape,
	},
	{
		ID: "blank-cell", Severity: SeverityInfo,
		Title:   "数字单元格为空",
		Doc:     "格式要求没有的填 0，数字单元格不应留空。核对总计和勾稽关系时空单元格按 0 计，相关提示会说明按 0 计了几个空单元格；整张表都留空的报告同样会被核对。",
		Fix:     "填入 0",
		Example: "「一、本年新收政府信息公开申请数量」的「自然人」列为空",
		reads:   readsCell,
		run:     runBlankCell,
		most:    mostBlankCell,
	},
	{
		ID: "invalid-number", Severity: SeverityError,
		Title:   "数字单元格内容不是数字",
		Doc:     "数字单元格只能填数字；「/」「-」「—」或文字都不是数字。带单位的数字（如「296549元」）仅作提示。",
		Example: "「（三）不予公开」行填写了「/」",
		reads:   readsCell,
		run:     runInvalidNumber,
		most:    mostInvalidNumber,
	},
	{
		ID: "total-mismatch", Severity: SeverityError,
		Title:   "总计与各项之和不符",
		Doc:     "表三每行「总计」应等于六类申请人之和；「（七）总计」每列应等于（一）至（六）各明细行之和；表四每组「总计」应等于结果维持、结果纠正、其他结果、尚未审结之和。修正值由明细单元格自下而上算出；空单元格按 0 计，明细中有非数字内容时不核对。改总计会使现在成立的勾稽关系不再成立时（如明细行之和大于一、二之和，见 outcomes-exceed-applications），不提供修正，提示改为核对明细行：修正不能把一处错误换成另一处。",
		Fix:     "把总计改为算出的值（会破坏现在成立的勾稽关系时不提供）",
		FixAll:  true,
		Example: "总计应为 7（6+0+0+0+0+1），报告为 6",
		reads:   readsTable,
		run:     runTotalMismatch,
		most:    mostTotalMismatch,
	},
	{
		ID: "balance-mismatch", Severity: SeverityError,
		Title:   "勾稽关系不成立",
		Doc:     "表三每列应满足：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度继续办理。",
		Example: "其他列：49 + 0 ≠ 52 + 0",
		reads:   readsTable,
		run:     runBalanceMismatch,
		most:    mostBalanceMismatch,
	},
	{
		ID: "table2-implausible", Severity: SeverityWarning,
		Title: "表二数值不合常理",
		Doc: "表二没有等式关系，但第二十条第（一）项的数字有界限：" +
			"（1）2019 年版：「对外公开总数量」是累计数，包含本年新公开的，不应小于「本年新公开数量」（警告）；" +
			"（2）2021 年版：本年制发的文件除本年废止的外年底仍现行有效，「现行有效件数」不应小于「本年制发件数」减「本年废止件数」（提示；废止的也可能是往年的文件，所以只是下限）；" +
			"（3）标题中的机关是县、区人民政府或其部门（名称含「县」，或以「区人民政府」「区……局」结尾），或是乡、镇、街道时，" +
			"「规章」行应全为 0：《立法法》只赋予国务院部门和省、设区的市、自治州人民政府规章制定权（警告）。" +
			"名称以自治区、新区、开发区、实验区等结尾的，以及县级市（名称看不出级别），不做第（3）项核对。" +
			"各项只在表格有相应列时核对；空单元格、非数字或行的数值个数不符时不核对。",
		Example: "表二「行政规范性文件」现行有效件数 3 小于本年制发件数 10 减本年废止件数 5 之差 5",
		reads:   readsTable,
		run:     runTable2Implausible,
	},
	{
		ID: "outcomes-exceed-applications", Severity: SeverityError,
		Title:   "办理结果多于申请",
		Doc:     "表三每列「三、本年度办理结果」各明细行（不含分组行和（七）总计）之和不应大于「一、本年新收」与「二、上年结转」之和：每件申请只计一种办理结果（区分处理的只计「部分公开」）。大于时多半是同一申请被计入了多种结果，应核对明细行；此时该列「（七）总计」的 total-mismatch 不提供修正，因为把总计改为明细之和会破坏勾稽关系。明细中有非数字内容、或一、二、（七）、四中有非数字内容时不核对。",
		Example: "自然人列办理结果各项之和 26 大于本年新收与上年结转之和 20（20+0）",
		reads:   readsTable,
		run:     runOutcomesExceed,
		most:    mostOutcomesExceed,
	},
	{
		ID: "year-mismatch", Severity: SeverityWarning,
		Title: "年份与报告年度不符",
		Doc: "复制上一年度报告时常留下旧年份。报告年度取自标题（无标题年份时取自统计期限）；逐项核对：" +
			"统计期限「自YYYY年1月1日起至YYYY年12月31日止」的年份应与标题年度相同（错误）；" +
			"2021 年版格式第六部分的信息处理费句「YYYY年，无收取信息处理费情况」的年份应为报告年度（警告）；" +
			"落款日期（单独成行的日期）或页面的发布日期、成文日期不应早于报告年度结束，年份应为次年（警告）；" +
			"第五部分「YYYY年，我区将继续…」写的是下一年的措施，年份应晚于报告年度（提示）。" +
			"晚一年以上的落款日期由 late-report 提示，不重复报告。年份只从标题或统计期限得知时才核对。",
		Fix:     "把年份改为报告年度（落款日期、改进措施改为次年）；标题年份也可能是错的一方，因此不在「全部修复」之列",
		Example: "标题为 2021 年度报告，统计期限写「自2020年1月1日起至2020年12月31日止」",
		reads:   readsProse,
		// The 统计期限 sentence, date lines and the title are never rewritten by an
		// edit an update answers cheaply (see proseEdit); 五 and 六 may be.
		prose: sections(5, 6),
		run:   runYearMismatch,
	},
	{
		ID: "late-report", Severity: SeverityInfo,
		Title: "落款或发布日期晚于法定期限",
		Doc: "《政府信息公开条例》第四十九条：县级以上人民政府部门应在每年 1 月 31 日前公布上一年度报告，" +
			"本级政府的年度报告在 3 月 31 日前公布；乡镇、街道按 2019 年格式通知在 1 月 31 日前公布。" +
			"机关类别取自标题中年份之前的机关名称：以乡、镇、街道结尾的为乡镇街道，以局、委员会、办公室、中心等结尾的为部门" +
			"（报告称「汇总」各单位情况的除外），人民政府、管委会及无法判断的按 3 月 31 日。" +
			"只看注明报告日期的地方：标题与第一部分之间或最后一部分里单独成行的日期（落款），以及「发布日期：」「发布时间：」「成文日期：」后的日期；" +
			"正文叙述中的日期不算。没有这样的日期时不提示。",
		Example: "某某镇 2021 年度报告落款「2022年2月5日」，晚于 2022年1月31日",
		reads:   readsProse,
		run:     runLateReport,
	},
	{
		ID: "fee-not-reported", Severity: SeverityWarning,
		Title: "第六部分未报告信息处理费",
		Doc: "2021 年版格式要求各行政机关在「六、其他需要报告的事项」专门报告依据《政府信息公开信息处理费管理办法》收取信息处理费的情况。" +
			"第六部分（含其中的小标题和各项）提到「信息处理费」或「处理费」即可；只写「收费」不算，行政事业性收费是另一回事。只查 2021 年版格式的报告；缺少第六部分时由 missing-section 提示。",
		Fix:     "在第六部分末尾（落款和日期之前）另起一段插入「YYYY年，本机关未收取信息处理费。」（报告年度，年度不明时不提供；说的是事实，须先核实，不参与「全部修复」）",
		Example: "2021 年度报告第六部分只写了「无」",
		reads:   readsProse,
		prose:   sections(6),
		run:     runFeeNotReported,
	},
	{
		ID: "section-content", Severity: SeverityWarning,
		Title: "第五、六部分内容空缺或过简",
		Doc: "格式要求第五部分「实事求是、明确具体，避免笼统模糊、泛泛而谈」。第五部分没有正文、只写「无」或不足 30 个字（不计空白）时警告；" +
			"写了内容但找不到问题（问题、不足、短板、差距、薄弱、有待、不够、欠缺、滞后、不到位、单一、不规范、不完善、不及时）或措施（改进、措施、下一步、整改、加强、提升、「将继续」「将进一步」等）的字样时提示。" +
			"第六部分只在没有正文时警告：没有其他需要报告的事项时写「无」是完整的回答，所收报告的第六部分也多是「无」或一句十几个字的信息处理费情况，按 30 字衡量会处处误报。",
		Example: "五、存在的主要问题及改进情况\n\n无。",
		reads:   readsProse,
		prose:   sections(5, 6),
		run:     runSectionContent,
	},
	{
		ID: "overview-length", Severity: SeverityInfo,
		Title: "总体情况篇幅过长",
		Doc: "2021 年版格式要求第一部分「重在聚焦主题、简明客观，篇幅原则上不超过一千字」。字数按 Word 的「字数」统计：每个汉字和中文标点计 1，" +
			"连续的英文字母、数字计 1（如 2021、AI），空白不计，部分标题不计。上限可在设置中调整（语言服务器的 overviewLength.max）。只查 2021 年版格式的报告；" +
			"几乎所有报告都超过一千字，此为「原则上」的要求，只作提示。",
		Example: "总体情况约 1559 字（按 Word 字数统计），格式要求篇幅原则上不超过一千字",
		reads:   readsProse,
		prose:   sections(1),
		run:     runOverviewLength,
	},
	{
		ID: "narrative-mismatch", Severity: SeverityWarning,
		Title: "正文数字与表格不符",
		Doc: "第一、三、四部分正文中写明的数字应与表格一致：收到（受理、办理）申请 N 件可对应表三「一、本年新收」或「一+二」（写明「含上年结转」时只对应一+二，写「新收」时只对应一）；上年结转对应二；办结对应（七）总计；结转下年度（结转至某年、「N件结转下年度」）对应四；自然人、商业企业等对应该列；" +
			"予以公开、部分公开、不予公开、无法提供、不予处理、其他处理对应相应各项之和，其后的「占X%」按写出的小数位核对（分母可为（七）总计、一或一+二，四舍五入或截断均可）；行政复议 N 件（起）对应表四行政复议总计，行政诉讼对应直接起诉与复议后起诉总计之和（总计格与各结果之和不符时两者都算对，总计格的错误由 total-mismatch 指出）；「均已结案（审结）」对应尚未审结为 0；「未收到申请」「无政府信息公开申请」对应一为 0；" +
			"2021 年版表二的制发、废止、现行有效（行政规范性文件、规章）对应该行该列（正文常按不同口径统计，仅作提示）。" +
			"为免误报：申请数字只在含「政府信息公开申请」「依申请公开」等字样的段落中核对（同一段落中此后的句子也算，如「（二）依申请公开方面。……共收到70件申请」）；第一部分的行政复议、行政诉讼数字须在说政府信息公开的句子或段落中（否则可能是本机关全部复议案件）；" +
			"含诉求、信访、咨询、留言、建议、提案、热线、来信、来访、12345 的分句不核对；关键词与数字之间不超过 12 个字，不隔逗号、冒号、括号或其他数字；中文数字（一、两、十、百、千）只在其后紧跟件、起、宗、个、项、条且单位后不是汉字时计入，以免误读「一起」「三个一」。" +
			"表格单元格为空、不是数字或所在行数值个数不符时不核对。不提供快速修复：无法判断正文和表格哪一方有误。",
		Example:       "正文“收到政府信息公开申请75件”与表三不符：本年新收 73，本年新收+上年结转 74",
		reads:         readsProse,
		prose:         sections(1, 3, 4),
		values:        true,
		paragraphwise: true,
		prepare:       func(rep *Report) { narrPlanOf(rep) },
		run:           runNarrativeMismatch,
	},
	{
		ID: "carryover-mismatch", Severity: SeverityWarning,
		Title: "上年结转与上一年度报告不符",
		Doc: "表三每列「二、上年结转政府信息公开申请数量」应等于同一机关上一年度报告的「四、结转下年度继续办理」。" +
			"需要上一年度报告：命令行在同一次检查的文件中、编辑器在工作区文件夹中找，按标题中年份之前的机关名称配对" +
			"（繁简、全半角、空格不计，「（图片版）」「（超链版）」等字样不计）。哪一年填错无从判断，所以是警告；" +
			"任一方单元格为空或不是数字的列不核对。",
		Fix:     "把本年的上年结转改为上一年度报告的结转下年度数（上一年也可能是错的一方）",
		Example: "2022 年度报告上年结转（自然人列）为 0，2021 年度报告结转下年度继续办理为 1",
		reads:   readsTable,
		across:  runCarryover,
		run:     runAcross(runCarryover, false),
	},
	{
		ID: "copied-section", Severity: SeverityInfo,
		Title: "与上一年度报告雷同",
		Doc: "第五部分（存在的主要问题及改进情况）、以及全文正文，与同一机关上一年度报告的文字相似度（按字计的 4 字片段 Jaccard 相似度）达到 80% 或以上时提示，消息中给出相似度。" +
			"格式要求「不得出现敷衍了事甚至年年雷同现象」。表格不计，繁简、全半角、空格不计；文字太短（不足 20 个片段）时不比较。配对方式同 carryover-mismatch。",
		Example: "第五部分与 2021 年度报告高度雷同（相似度 86%）",
		reads:   readsProse,
		across:  runCopied,
		run:     runAcross(runCopied, true),
	},
	{
		ID: "table2-carry", Severity: SeverityHint,
		Title: "表二累计数与上一年度报告接不上",
		Doc: "表二的存量数应能由上一年度报告接续：2021 年版「现行有效件数」= 上一年度的现行有效件数 + 本年制发件数 − 本年废止件数；" +
			"2019 年版「上一年项目数量」= 上一年度的上一年项目数量 + 其本年增/减，「对外公开总数量」= 上一年度的对外公开总数量 + 本年新公开数量。" +
			"文件也会因有效期届满而失效、或在清理中被宣布失效而不计为废止，平潭综合实验区 2022—2025 年四次接续中有三次接不上，所以只作提示。" +
			"两年格式不同、单元格为空或不是数字时不核对。配对方式同 carryover-mismatch。",
		Example: "表二「行政规范性文件」现行有效件数 470，按 2022 年度报告的 698 加本年制发 77 减本年废止 132 应为 643",
		reads:   readsTable,
		across:  runTable2Carry,
		run:     runAcross(runTable2Carry, false),
	},
	{
		ID: "unused-suppression", Severity: SeverityInfo,
		Title: "忽略注释未起作用",
		Doc: "单独一行的「<!-- nianbao-disable-next-line 规则名 -->」忽略下一行（其下第一个不是忽略注释的行）中这些规则的问题，不写规则名时忽略下一行的全部问题；" +
			"Markdown 和纯文本都用这一写法。注释所忽略的规则在下一行没有问题、规则名写错，或注释后面没有内容时，提示这条注释（或其中的这一项）不起作用。" +
			"编辑器中每个问题都有快速修复「忽略此处」，在问题所在行的上一行插入这样的注释。",
		Fix:     "删除不起作用的注释（整条注释都不起作用时）",
		Example: "<!-- nianbao-disable-next-line blank-cell -->，而下一行没有空单元格",
		// Its findings are made after the other rules', from what they found (see
		// applySuppressions), not by running it.
		run: func(*pass) {},
	},
}

// Rules returns every rule in the registry, in order.
func Rules() []Rule {
	return append([]Rule(nil), registry...)
}

// RulesReference is where the rules reference (docs/rules.md, generated from this
// registry) is published; each rule has an anchor there named by its id.
const RulesReference = "https://github.com/nianbao/nianbao/blob/main/docs/rules.md"

// URL is the address of the rule's section in the rules reference: what editors show
// as the link of a diagnostic's code and SARIF as the rule's helpUri.
func (r Rule) URL() string { return RulesReference + "#" + r.ID }

// RuleByID finds a rule by its id.
func RuleByID(id string) (Rule, bool) {
	for _, r := range registry {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
