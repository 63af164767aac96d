package server

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
)

// matrixCSV serves the cooperation matrix as CSV:
// GET /analytics/cooperation.csv?rows=UNIT_KIND|UNIT|REGION&columns=REGION|INDUSTRY|YEAR&measure=PROJECTS|AMOUNT|CADRES
// (the project filters of the GraphQL field are not offered here).
func matrixCSV(svc graph.AggregateService) gin.HandlerFunc {
	return func(c *gin.Context) {
		var rows graph.MatrixRows
		var cols graph.MatrixColumns
		measure := graph.MeasureProjects
		if err := rows.UnmarshalGQL(strings.ToUpper(c.DefaultQuery("rows", "UNIT_KIND"))); err != nil {
			abortWith(c, graph.Errorf(graph.CodeInvalidInput, "rows: %s", graph.ErrorMessage(err)))
			return
		}
		if err := cols.UnmarshalGQL(strings.ToUpper(c.DefaultQuery("columns", "REGION"))); err != nil {
			abortWith(c, graph.Errorf(graph.CodeInvalidInput, "columns: %s", graph.ErrorMessage(err)))
			return
		}
		if m := c.Query("measure"); m != "" {
			if err := measure.UnmarshalGQL(strings.ToUpper(m)); err != nil {
				abortWith(c, graph.Errorf(graph.CodeInvalidInput, "measure: %s", graph.ErrorMessage(err)))
				return
			}
		}
		m, err := svc.CooperationMatrix(c.Request.Context(), rows, cols, measure, graph.ProjectWhere{})
		if err != nil {
			abortWith(c, err)
			return
		}
		var buf bytes.Buffer
		if err := graph.WriteMatrixCSV(&buf, m); err != nil {
			abortWith(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="cooperation-`+strings.ToLower(string(rows))+`-`+strings.ToLower(string(cols))+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
	}
}
