package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/nianbao/nianbao/analysis"
)

// SARIF 2.1.0 output (OASIS standard, errata 01), the format code-scanning services
// accept. Only what check has to say is written: one run, the rule metadata from the
// engine's registry, and one result per finding with its fixes.
//
// Columns: SARIF lines and columns are 1-based and the unit of a column is set by
// run.columnKind. We set it explicitly to "utf16CodeUnits" (also SARIF's default), the
// unit of LSP and of the json format, so that the three formats agree: column =
// 1 + the LSP character. endColumn is exclusive, as SARIF defines it.

const (
	sarifSchema  = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	sarifVersion = "2.1.0"
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	ColumnKind string        `json:"columnKind"`
	Results    []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name  string      `json:"name"`
	Rules []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifText          `json:"help"`
	HelpURI              string             `json:"helpUri"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        *int            `json:"ruleIndex,omitempty"`
	Level            string          `json:"level"`
	Message          sarifText       `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	Fixes            []sarifFix      `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               *int                   `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation  `json:"physicalLocation"`
	LogicalLocations []sarifLogicalLocation `json:"logicalLocations,omitempty"`
	Message          *sarifText             `json:"message,omitempty"`
}

// sarifLogicalLocation names a finding's place in the report's structure (SARIF
// 2.1.0 §3.33): a section, a table, a row or a cell. The kinds SARIF lists are for
// programs and markup; none fits, so the kinds are the report's own words.
type sarifLogicalLocation struct {
	Name               string `json:"name"`
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

// logicalLocation reads the engine's Where: "第四部分", "表三", "表三 3.其他" (a row),
// "表三 （七）总计 · 自然人" (a cell). name is the place within its table.
func logicalLocation(where string) []sarifLogicalLocation {
	if where == "" {
		return nil
	}
	loc := sarifLogicalLocation{Name: where, FullyQualifiedName: where, Kind: "table"}
	table, rest, inTable := strings.Cut(where, " ")
	switch {
	case strings.HasPrefix(where, "第") && strings.HasSuffix(where, "部分"):
		loc.Kind = "section"
	case inTable && strings.HasPrefix(table, "表"):
		loc.Name, loc.Kind = rest, "row"
		if strings.Contains(rest, " · ") {
			loc.Kind = "cell"
		}
	}
	return []sarifLogicalLocation{loc}
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Replacements     []sarifReplacement    `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

// sarifPrinter writes the log as results come: SARIF is one JSON document with the
// results inside the run, so the document is written up to "results": [, then each
// result, indented as json.Indent would, then the rest. Gathering every result and
// indenting the whole log at the end took 2.8 GB of heap for the 400 000 findings of
// a 16 MB file, writing them as they come 340 MB (BenchmarkCheckLargeFile/findings/
// sarif, before the memory limit of runCheck).
type sarifPrinter struct {
	w         *bufio.Writer
	log       sarifLog
	ruleIndex map[string]int
	cwd       string
	// head and tail are the indented log around its empty results array, split on
	// first use; results counts what was written between them.
	head, tail []byte
	results    int
	enc        *json.Encoder
	buf        bytes.Buffer
}

// sarifResultIndent is where a result of runs[0].results starts in the indented log.
const sarifResultIndent = "        "

func newSARIFPrinter(w *bufio.Writer) *sarifPrinter {
	p := &sarifPrinter{w: w, ruleIndex: make(map[string]int)}
	p.cwd, _ = os.Getwd()
	driver := sarifDriver{Name: "nianbao", Rules: []sarifRule{}}
	for i, r := range analysis.Rules() {
		p.ruleIndex[r.ID] = i
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   r.ID,
			ShortDescription:     sarifText{r.Title},
			FullDescription:      sarifText{r.Doc},
			Help:                 sarifText{ruleHelp(r)},
			HelpURI:              r.URL(),
			DefaultConfiguration: sarifConfiguration{sarifLevel(r.Severity.String())},
		})
	}
	p.log = sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: driver},
			ColumnKind: "utf16CodeUnits",
			Results:    []sarifResult{},
		}},
	}
	return p
}

// ruleHelp is a rule's documentation with its fix and example, for the help panel.
func ruleHelp(r analysis.Rule) string {
	var b strings.Builder
	b.WriteString(r.Doc)
	if r.Fix != "" {
		b.WriteString("\n修正：" + r.Fix)
	}
	if r.Example != "" {
		b.WriteString("\n示例：" + r.Example)
	}
	return b.String()
}

// sarifLevel maps a severity name onto SARIF's three levels.
func sarifLevel(severity string) string {
	switch severity {
	case "error":
		return "error"
	case "warning":
		return "warning"
	}
	return "note"
}

func sarifRegionOf(r jsonRange) sarifRegion {
	return sarifRegion{
		StartLine:   r.Start.Line + 1,
		StartColumn: r.Start.Character + 1,
		EndLine:     r.End.Line + 1,
		EndColumn:   r.End.Character + 1,
	}
}

// artifactLocation names a file by a URI relative to the directory check ran in, so
// that the log is the same on every machine; a file outside it gets a file: URI.
func (p *sarifPrinter) artifactLocation(path string) sarifArtifactLocation {
	if filepath.IsAbs(path) && p.cwd != "" {
		if rel, err := filepath.Rel(p.cwd, path); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			path = rel
		}
	}
	if filepath.IsAbs(path) {
		u := url.URL{Scheme: "file", Path: filepath.ToSlash(path)}
		if !strings.HasPrefix(u.Path, "/") {
			u.Path = "/" + u.Path // a Windows drive letter
		}
		return sarifArtifactLocation{URI: u.String()}
	}
	u := url.URL{Path: filepath.ToSlash(filepath.Clean(path))}
	return sarifArtifactLocation{URI: u.String(), URIBaseID: "%SRCROOT%"}
}

func (p *sarifPrinter) file(fr *fileReport) error {
	loc := p.artifactLocation(fr.Path)
	for i := range fr.diags {
		d := fr.diagnostic(i)
		res := sarifResult{
			RuleID:  d.Rule,
			Level:   sarifLevel(d.Severity),
			Message: sarifText{d.Message},
			Locations: []sarifLocation{{
				PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: loc, Region: sarifRegionOf(d.Range)},
				LogicalLocations: logicalLocation(d.Where),
			}},
		}
		if i, ok := p.ruleIndex[d.Rule]; ok {
			res.RuleIndex = &i
		}
		for i, r := range d.Related {
			id := i + 1
			rloc := loc
			if r.Path != "" {
				rloc = p.artifactLocation(r.Path) // last year's report
			}
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: sarifPhysicalLocation{ArtifactLocation: rloc, Region: sarifRegionOf(r.Range)},
				Message:          &sarifText{r.Message},
			})
		}
		for _, f := range d.Fixes {
			if len(f.Edits) == 0 {
				continue // SARIF wants at least one replacement
			}
			change := sarifArtifactChange{ArtifactLocation: loc, Replacements: []sarifReplacement{}}
			for _, e := range f.Edits {
				change.Replacements = append(change.Replacements, sarifReplacement{
					DeletedRegion:   sarifRegionOf(e.Range),
					InsertedContent: sarifText{e.NewText},
				})
			}
			res.Fixes = append(res.Fixes, sarifFix{Description: sarifText{f.Title}, ArtifactChanges: []sarifArtifactChange{change}})
		}
		if err := p.result(&res); err != nil {
			return err
		}
	}
	return nil
}

// split renders the log with no results and cuts it at its empty results array.
func (p *sarifPrinter) split() error {
	if p.head != nil {
		return nil
	}
	b, err := marshalJSON(p.log)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return err
	}
	// Quotes inside JSON strings are escaped, so the key cannot occur in rule text.
	const empty = `"results": []`
	i := bytes.Index(out.Bytes(), []byte(empty))
	if i < 0 {
		return errors.New("sarif: no results array in the log")
	}
	p.head = out.Bytes()[:i+len(empty)-1]
	p.tail = out.Bytes()[i+len(empty)-1:]
	p.enc = json.NewEncoder(&p.buf)
	p.enc.SetEscapeHTML(false)
	p.enc.SetIndent(sarifResultIndent, "  ")
	return nil
}

func (p *sarifPrinter) result(res *sarifResult) error {
	if err := p.split(); err != nil {
		return err
	}
	if p.results == 0 {
		p.w.Write(p.head)
	} else {
		p.w.WriteByte(',')
	}
	p.results++
	p.buf.Reset()
	if err := p.enc.Encode(res); err != nil {
		return err
	}
	p.w.WriteString("\n" + sarifResultIndent)
	_, err := p.w.Write(bytes.TrimSuffix(p.buf.Bytes(), []byte("\n")))
	return err
}

func (p *sarifPrinter) finish() error {
	if err := p.split(); err != nil {
		return err
	}
	if p.results == 0 {
		p.w.Write(p.head)
	} else {
		p.w.WriteString("\n      ")
	}
	p.w.Write(p.tail)
	p.w.WriteByte('\n')
	return p.w.Flush()
}
