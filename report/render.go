// Package report renders Liaison's reports (graph.UnitReport, what the
// organization department sends back to each dispatching unit, and
// graph.CitySummary) as CSV, XLSX and printable HTML.
//
// Every format shows amounts in 万元 (10,000 CNY), dates as YYYY-MM-DD,
// and kinds, statuses and roles by their Chinese names; headers are
// Chinese with the English beside them ("中文 / English") or, in XLSX, in
// a second header row. What the figures count is defined in
// graph/report.go. Private contact fields of people never appear.
//
// CSV of a unit report (UTF-8 with a byte order mark, so that Excel reads
// the Chinese; one header row; one row per achievement, and one row with
// the project columns empty for a cadre without any):
//
//	派出单位 / Dispatching unit      the unit's name
//	干部 / Cadre                     the cadre's name
//	干部编号 / Cadre ID              the person id
//	在岗 / Serving                   在岗 (serving on the reference day) or 已期满 (former)
//	挂职岗位 / Postings              host unit, title and period of each posting from the unit in the period, joined by "；"
//	互动次数 / Interactions          interactions with the cadre in the period
//	项目 / Project                   project name
//	项目编号 / Project ID            project id
//	作用 / Role                      争取 (secured) or 引进 (introduced)
//	类别 / Kind                      the project's kind
//	项目状态 / Project status        the project's status
//	金额（万元） / Amount (10k CNY)  the project's amount, empty when unknown
//	日期 / Date                      when the cadre secured or introduced it, empty when not recorded
//	备注 / Note                      the note on the achievement
//
// CSV of a city summary (same encoding; one row per line of each grouping):
//
//	维度 / Dimension                 合计 (total), 派出单位 (by unit), 地区 (by region), 年度 (by year)
//	编号 / Key                       unit or region id, or the year; empty for the total, for no region and for undated achievements
//	名称 / Name                      unit, region or year
//	干部人数 / Cadres                cadres
//	项目数 / Projects                distinct projects
//	金额（万元） / Amount (10k CNY)  their amount
//	互动次数 / Interactions          distinct interactions
package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/liaison/liaison/graph"
)

// Format is an output format.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
	HTML Format = "html"
)

// Formats lists every format.
var Formats = []Format{CSV, XLSX, HTML}

// ParseFormat reads a format name; "" means HTML.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case "":
		return HTML, nil
	case CSV, XLSX, HTML:
		return f, nil
	}
	return "", badFormat(s)
}

// badFormat is the INVALID_INPUT error of a format name not in Formats.
func badFormat(s string) error {
	return graph.Errorf(graph.CodeInvalidInput, "format: %q is not one of csv, xlsx, html", graph.Truncate(s, 20))
}

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/html; charset=utf-8"
}

// Download says whether the format is a file to save rather than a page
// to show.
func (f Format) Download() bool { return f == CSV || f == XLSX }

// UnitFilename is the file name of a unit report:
// report-<unit id>-<from>-<to>.<format>.
func UnitFilename(r *graph.UnitReport, f Format) string {
	return fmt.Sprintf("report-%s-%s-%s.%s", r.Unit.ID, day(r.From), day(r.To), f)
}

// SummaryFilename is the file name of a city summary:
// summary-<from>-<to>.<format>.
func SummaryFilename(s *graph.CitySummary, f Format) string {
	return fmt.Sprintf("summary-%s-%s.%s", day(s.From), day(s.To), f)
}

// WriteUnit writes a unit report in the format.
func WriteUnit(w io.Writer, f Format, r *graph.UnitReport) error {
	return writeAs(w, f, r, WriteCSV, WriteXLSX, WriteHTML)
}

// WriteSummary writes a city summary in the format.
func WriteSummary(w io.Writer, f Format, s *graph.CitySummary) error {
	return writeAs(w, f, s, WriteSummaryCSV, WriteSummaryXLSX, WriteSummaryHTML)
}

// writeAs writes v with the writer of the format among csv, xlsx and html.
func writeAs[T any](w io.Writer, f Format, v T, csv, xlsx, html func(io.Writer, T) error) error {
	switch f {
	case CSV:
		return csv(w, v)
	case XLSX:
		return xlsx(w, v)
	case HTML:
		return html(w, v)
	}
	return badFormat(string(f))
}

// Names of the enums in reports.
var (
	kindNames = map[string]string{
		string(graph.ProjectInvestment): "投资项目", string(graph.ProjectFunding): "资金支持",
		string(graph.ProjectTechnology): "技术支持", string(graph.ProjectTalent): "人才支持",
		string(graph.ProjectPlatform): "平台建设", string(graph.ProjectPolicy): "政策支持",
	}
	statusNames = map[string]string{
		string(graph.StatusLead): "线索", string(graph.StatusNegotiating): "洽谈中", string(graph.StatusSigned): "已签约",
		string(graph.StatusLanded): "已落地", string(graph.StatusOperating): "已投产运营", string(graph.StatusStalled): "停滞",
	}
	roleNames = map[string]string{string(graph.RoleSecured): "争取", string(graph.RoleIntroduced): "引进"}
)

func name(names map[string]string, key string) string {
	if n, ok := names[key]; ok {
		return n
	}
	if key == "" {
		return "未分类"
	}
	return key
}

func kindName(k string) string   { return name(kindNames, k) }
func statusName(s string) string { return name(statusNames, s) }
func roleName(r string) string   { return name(roleNames, r) }

func servingName(serving bool) string {
	if serving {
		return "在岗"
	}
	return "已期满"
}

// wan is an amount in 万元, to the fen (0.01 CNY): dividing the amount
// as it is would show binary noise (2345678.9 CNY as 234.56788999999998).
func wan(cny float64) float64 { return math.Round(cny*100) / 1e6 }

// wanText is an amount in 万元 as plain digits, for CSV.
func wanText(cny float64) string { return strconv.FormatFloat(wan(cny), 'f', -1, 64) }

// wanDisplay is an amount in 万元 with thousands separators and two
// decimals, for reading.
func wanDisplay(cny float64) string {
	intPart, frac, _ := strings.Cut(strconv.FormatFloat(wan(cny), 'f', 2, 64), ".")
	return groupDigits(intPart) + "." + frac
}

// groupDigits puts thousands separators into an integer's digits.
func groupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String()
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func optDay(t *time.Time) string {
	if t == nil {
		return ""
	}
	return day(*t)
}

func period(from, to time.Time) string { return day(from) + " 至 " + day(to) }

func generated(t time.Time) string { return t.In(graph.ReportZone).Format("2006-01-02 15:04") }

// postingText describes a posting: host unit, title and period.
func postingText(p *graph.Relationship) string {
	host := p.EndID
	if p.End != nil {
		host = p.End.DisplayName()
	}
	to := "至今"
	if p.To != nil {
		to = "至 " + day(*p.To)
	}
	return strings.TrimSpace(host+" "+p.Title) + "（" + optDay(p.From) + " " + to + "）"
}

func postingsText(ps []*graph.Relationship) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = postingText(p)
	}
	return strings.Join(parts, "；")
}

// unitNotes are the remarks every unit report carries: what the figures
// count, and what was left out.
func unitNotes(r *graph.UnitReport) []string {
	notes := []string{
		"干部：统计期间内有由本单位派出的挂职经历（含在岗与已期满）的人员；在岗以 " + day(referenceDay(r)) + " 为准。",
		"项目：统计期间内争取或引进的项目，未注明日期的一并计入；多名干部参与或同一干部既争取又引进的项目只计一次，金额亦只计一次；“按作用”中一个项目按每种作用各计一次。",
		"互动：统计期间内记录的与本单位干部的联络互动，同一次互动涉及多名干部只计一次。",
		"金额单位：万元。",
	}
	if r.Truncated {
		notes = append(notes, fmt.Sprintf("本报告列出前 %d 名干部（共 %d 名）；合计数涵盖全部干部。", len(r.Cadres), r.CadreCount))
	}
	for _, c := range r.Cadres {
		if c.AchievementsTruncated {
			notes = append(notes, fmt.Sprintf("%s 的项目超过 %d 项，仅列出前 %d 项；合计数涵盖全部项目。", c.Person.Name, graph.MaxReportAchievements, len(c.Achievements)))
		}
	}
	return notes
}

func summaryNotes(s *graph.CitySummary) []string {
	notes := []string{
		"干部：统计期间内有挂职经历的人员；按派出单位、按挂职单位所在地区、按年度分组，同一人员可计入多组，合计数不重复计算。",
		"地区：挂职单位当前所在地区，不向上级地区汇总。",
		"年度：干部人数为当年在岗人数；项目为当年争取或引进的项目（未注明日期的单列一行）；互动为当年与统计期间内干部的联络互动。",
		"金额单位：万元。",
	}
	if s.UnitsTruncated {
		notes = append(notes, fmt.Sprintf("派出单位仅列出前 %d 个。", len(s.ByUnit)))
	}
	if s.RegionsTruncated {
		notes = append(notes, fmt.Sprintf("地区仅列出前 %d 个。", len(s.ByRegion)))
	}
	return notes
}

// referenceDay is the day Serving was judged on, as the report states it.
func referenceDay(r *graph.UnitReport) time.Time {
	return graph.ReportPeriod{From: r.From, To: r.To}.ReferenceDay(r.GeneratedAt)
}

// safeCell keeps a text cell from being read as a formula by a
// spreadsheet (CSV injection): a leading = + - @ gets a quote.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
