package transfer

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/liaison/liaison/graph"
	"github.com/xuri/excelize/v2"
)

// Workbooks for people who work in Excel: the template to fill (every
// sheet of the format with its Chinese headers, an example row, and the
// allowed values of each enum column as a dropdown) and a copy of an
// uploaded workbook or CSV files with the problem cells marked.

// templateRows are the example rows of the template: they reference each
// other, so that the template imports as it is.
func templateRows() map[*Table][][]string {
	code, _ := graph.CreditCodeCheckChar("91130600MA0TPL001")
	return map[*Table][][]string{
		People: {
			{"per_tpl-1", "示例张明", "Zhang Ming", "MALE", "1980", "招商引资;科技创新", "示例：某部委挂职干部", "13800000001", "zhangming@example.cn", "", "true", "180"},
			{"per_tpl-2", "示例李华", "Li Hua", "FEMALE", "1985", "", "", "", "", "", "true", ""},
		},
		Units: {
			{"unt_tpl-1", "示例派出单位", "Example dispatching unit", "", "CENTRAL_AGENCY", "", "", ""},
			{"unt_tpl-2", "示例挂职单位", "Example host unit", "", "LOCAL_GOVERNMENT", "", "", "reg_tpl-1"},
		},
		Regions:       {{"reg_tpl-1", "示例市", "Example City", "CITY", "", ""}},
		Companies:     {{"com_tpl-1", "示例科技有限公司", "Example Technology Co.", "91130600MA0TPL001" + string(code), "新材料", "", "", "reg_tpl-1"}},
		Projects:      {{"prj_tpl-1", "示例产业园项目", "Example industrial park", "INVESTMENT", "NEGOTIATING", "50000000", "2024-03-01", "", "", "reg_tpl-1"}},
		Postings:      {{"rel_tpl-posting-1", "per_tpl-1", "unt_tpl-2", "unt_tpl-1", "副市长", "2024", "2024-03-01", "", ""}},
		Memberships:   {{"rel_tpl-member-1", "per_tpl-1", "unt_tpl-1", "处长", "2015-07-01", ""}},
		Employments:   {{"rel_tpl-employ-1", "per_tpl-2", "com_tpl-1", "总经理", "2020-01-01", ""}},
		Locations:     {{"rel_tpl-loc-1", "per_tpl-1", "reg_tpl-1", "2024-03-01", ""}},
		ProjectRoles:  {{"rel_tpl-role-1", "per_tpl-1", "prj_tpl-1", "INTRODUCED", "2024-05-20", ""}},
		Investments:   {{"rel_tpl-invest-1", "com_tpl-1", "prj_tpl-1", "50000000", "2024-06-01"}},
		Supports:      {{"rel_tpl-support-1", "unt_tpl-1", "prj_tpl-1", "政策支持", "2024-06-01"}},
		Acquaintances: {{"rel_tpl-knows-1", "per_tpl-1", "per_tpl-2", "2024-04-01", "", "项目洽谈"}},
		Interactions:  {{"int_tpl-1", "2024-06-01T10:00:00+08:00", "MEETING", "洽谈产业园项目", "per_tpl-1;per_tpl-2", "prj_tpl-1", "", ""}},
	}
}

// enumValues are the allowed values of the enum columns, by table and
// column, for the dropdowns.
func enumValues(t *Table, c Column) []string {
	strs := func(xs ...string) []string { return xs }
	switch {
	case c.Type == typeBool:
		return strs("true", "false")
	case t == People && c.Name == "gender":
		return strs(string(graph.GenderMale), string(graph.GenderFemale))
	case t == Units && c.Name == "kind":
		return enumStrings(graph.UnitKinds)
	case t == Regions && c.Name == "level":
		return enumStrings(graph.RegionLevels)
	case t == Projects && c.Name == "kind":
		return enumStrings(graph.ProjectKinds)
	case t == Projects && c.Name == "status":
		return enumStrings(graph.ProjectStatuses)
	case t == ProjectRoles && c.Name == "role":
		return strs(string(graph.RoleSecured), string(graph.RoleIntroduced))
	case t == Interactions && c.Name == "kind":
		return enumStrings(graph.InteractionKinds)
	}
	return nil
}

func enumStrings[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// templateValidRows is how far down the dropdowns reach.
const templateValidRows = 5000

// WriteTemplate writes the template workbook: one sheet per table, named
// in Chinese, with the Chinese headers (each with its meaning as a
// comment), the example rows, and a dropdown on every enum column.
func WriteTemplate(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return err
	}
	rows := templateRows()
	for i, t := range Tables {
		sheet := t.Chinese
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sheet); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
		for j, c := range t.Columns {
			cell, _ := excelize.CoordinatesToCellName(j+1, 1)
			if err := f.SetCellStr(sheet, cell, c.Chinese); err != nil {
				return err
			}
			doc := c.Name + " (" + c.Type + ")"
			if c.Required {
				doc += ", required"
			}
			if c.Doc != "" {
				doc += ": " + strings.ReplaceAll(c.Doc, "`", "")
			}
			if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "Liaison", Paragraph: []excelize.RichTextRun{{Text: doc}}}); err != nil {
				return err
			}
			if vals := enumValues(t, c); vals != nil {
				col, _ := excelize.ColumnNumberToName(j + 1)
				dv := excelize.NewDataValidation(true)
				dv.Sqref = fmt.Sprintf("%s2:%s%d", col, col, templateValidRows)
				if err := dv.SetDropList(vals); err != nil {
					return err
				}
				dv.SetError(excelize.DataValidationErrorStyleStop, c.Chinese, "请从列表中选择 / pick a value from the list: "+strings.Join(vals, ", "))
				if err := f.AddDataValidation(sheet, dv); err != nil {
					return err
				}
			}
		}
		last, _ := excelize.ColumnNumberToName(len(t.Columns))
		if err := f.SetCellStyle(sheet, "A1", last+"1", head); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, "A", last, 16); err != nil {
			return err
		}
		for r, row := range rows[t] {
			for j, v := range row {
				cell, _ := excelize.CoordinatesToCellName(j+1, r+2)
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return err
				}
			}
		}
	}
	return f.Write(w)
}

// ErrorsSheet is the sheet of a marked workbook that lists every problem.
const ErrorsSheet = "问题 Problems"

// WriteMarked writes a workbook with every problem of errs marked: the
// cell (or, for a problem of a whole row, its first cell) filled red with
// the reason as a comment, and a sheet listing them all. src is what was
// read: an .xlsx workbook, whose copy is marked, or a folder of CSV files,
// each of which becomes a sheet named after the file.
func WriteMarked(w io.Writer, src string, errs Errors) error {
	var f *excelize.File
	var err error
	sheetOf := map[string]string{} // the File of a problem → its sheet
	if isWorkbook(src) {
		if f, err = excelize.OpenFile(src); err != nil {
			return err
		}
		base := filepath.Base(src)
		for _, s := range f.GetSheetList() {
			sheetOf[base+"["+s+"]"] = s
		}
	} else {
		f = excelize.NewFile()
		entries, err := os.ReadDir(src)
		if err != nil {
			return err
		}
		first := true
		for _, e := range entries {
			if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
				continue
			}
			sheet := sheetName(strings.TrimSuffix(e.Name(), filepath.Ext(e.Name())))
			if first {
				err = f.SetSheetName("Sheet1", sheet)
				first = false
			} else {
				_, err = f.NewSheet(sheet)
			}
			if err != nil {
				return err
			}
			if err := copyCSV(f, sheet, filepath.Join(src, e.Name())); err != nil {
				return err
			}
			sheetOf[filepath.Join(src, e.Name())] = sheet
		}
	}
	defer f.Close()
	bad, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}, Font: &excelize.Font{Color: "9C0006"}})
	if err != nil {
		return err
	}
	reasons := map[[2]string][]string{}
	for _, e := range errs {
		sheet, ok := sheetOf[e.File]
		if !ok || e.Line < 1 {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(max(e.Column, 1), e.Line)
		k := [2]string{sheet, cell}
		reasons[k] = append(reasons[k], e.Reason)
	}
	for k, rs := range reasons {
		if err := f.SetCellStyle(k[0], k[1], k[1], bad); err != nil {
			return err
		}
		if err := f.AddComment(k[0], excelize.Comment{Cell: k[1], Author: "Liaison", Paragraph: []excelize.RichTextRun{{Text: strings.Join(rs, "\n")}}}); err != nil {
			return err
		}
	}
	if _, err := f.NewSheet(ErrorsSheet); err != nil {
		return err
	}
	for j, h := range []string{"文件/工作表 File", "行 Line", "列 Column", "表头 Header", "问题 Reason"} {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		if err := f.SetCellStr(ErrorsSheet, cell, h); err != nil {
			return err
		}
	}
	for i, e := range errs {
		row := []any{displayFile(e.File), e.Line, e.Column, e.Header, e.Reason}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(ErrorsSheet, cell, &row); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// displayFile is the name of a problem's file as its user knows it: the
// file name without the folder it was unpacked into.
func displayFile(file string) string {
	if strings.HasSuffix(file, "]") {
		return file
	}
	return filepath.Base(file)
}

// DisplayFile is displayFile for the server's answers.
func DisplayFile(file string) string { return displayFile(file) }

// sheetName makes a file name a valid sheet name (at most 31 characters,
// none of []:*?/\).
func sheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	if s == "" {
		s = "csv"
	}
	return s
}

func copyCSV(f *excelize.File, sheet, path string) error {
	in, err := os.Open(path)
	if err != nil {
		return err
	}
	defer in.Close()
	cr := csv.NewReader(skipBOM(in))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	for line := 1; line <= templateValidRows*20; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return nil // the problem list says what is wrong with the file
		}
		row := make([]any, len(rec))
		for i, v := range rec {
			row[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, line)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			return err
		}
	}
	return nil
}
