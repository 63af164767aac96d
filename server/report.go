package server

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/report"
)

// reportHandler serves GET /reports/units/:id?from=YYYY-MM-DD&to=YYYY-MM-DD&format=csv|xlsx|html:
// a dispatching unit's report, by default as an HTML page for this year
// so far. CSV and XLSX come as attachments named
// report-<unit>-<from>-<to>.<format>.
func reportHandler(svc graph.ReportService) gin.HandlerFunc {
	return serveReport(func(c *gin.Context, p graph.ReportPeriod) (*graph.UnitReport, error) {
		return svc.UnitReport(c.Request.Context(), c.Param("id"), p.From, p.To)
	}, report.WriteUnit, report.UnitFilename)
}

// summaryHandler serves GET /reports/summary?from=&to=&format=: the
// city-wide summary, with the same arguments and defaults; files are
// named summary-<from>-<to>.<format>.
func summaryHandler(svc graph.ReportService) gin.HandlerFunc {
	return serveReport(func(c *gin.Context, p graph.ReportPeriod) (*graph.CitySummary, error) {
		return svc.CitySummary(c.Request.Context(), p.From, p.To)
	}, report.WriteSummary, report.SummaryFilename)
}

// serveReport serves a report of the request's period and format: load
// builds it, write renders it, name is its file name.
func serveReport[T any](load func(*gin.Context, graph.ReportPeriod) (T, error),
	write func(io.Writer, report.Format, T) error, name func(T, report.Format) string) gin.HandlerFunc {
	return func(c *gin.Context) {
		f, p, ok := reportArgs(c)
		if !ok {
			return
		}
		r, err := load(c, p)
		if err != nil {
			abortWith(c, err)
			return
		}
		var buf bytes.Buffer
		if err := write(&buf, f, r); err != nil {
			abortWith(c, err)
			return
		}
		sendReport(c, f, name(r, f), &buf)
	}
}

func reportArgs(c *gin.Context) (report.Format, graph.ReportPeriod, bool) {
	f, err := report.ParseFormat(c.Query("format"))
	if err != nil {
		abortWith(c, err)
		return "", graph.ReportPeriod{}, false
	}
	p, err := graph.ParseReportPeriod(c.Query("from"), c.Query("to"), time.Now())
	if err != nil {
		abortWith(c, err)
		return "", graph.ReportPeriod{}, false
	}
	return f, p, true
}

// sendReport writes a rendered report. It was rendered whole before
// anything is sent, so that a failure is still an error answer and not a
// truncated file.
func sendReport(c *gin.Context, f report.Format, filename string, body *bytes.Buffer) {
	h := c.Writer.Header()
	disposition := "inline"
	if f.Download() {
		disposition = "attachment"
	}
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": filename}))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if f == report.HTML {
		// The page is self-contained: it needs no script and nothing from
		// elsewhere.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	c.Data(http.StatusOK, f.ContentType(), body.Bytes())
}
