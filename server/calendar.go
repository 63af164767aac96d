package server

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/remind"
)

// calendarFeed serves GET /calendar/<secret>.ics: the reminders of the
// person whose feed secret it is, as iCalendar. A calendar app cannot send
// a bearer token, so the secret in the URL is the credential: an unknown
// or rotated one answers 403. The feed reads as that person with the
// narrowest role that has a person (cadre), so it shows nothing they could
// not see on the page.
func calendarFeed(svc Services) gin.HandlerFunc {
	return func(c *gin.Context) {
		file := c.Param("file")
		secret, ok := strings.CutSuffix(file, ".ics")
		if !ok {
			abortWith(c, graph.Errorf(graph.CodeNotFound, "the calendar feed is at /calendar/<secret>.ics"))
			return
		}
		ctx := c.Request.Context()
		owner, err := svc.FeedOwner(ctx, secret)
		if graph.ErrorCode(err) == graph.CodeNotFound {
			abortWith(c, graph.Errorf(graph.CodeForbidden, "this calendar feed secret is not valid: it was rotated or never issued"))
			return
		}
		if err != nil {
			abortWith(c, err)
			return
		}
		ctx = auth.WithPrincipal(ctx, &auth.Principal{Subject: "calendar:" + owner, Role: auth.RoleCadre, Person: owner})
		l, err := remind.Collect(ctx, svc, owner, time.Now().UTC())
		if err != nil {
			abortWith(c, err)
			return
		}
		c.Header("Cache-Control", "private, max-age=300")
		c.Data(http.StatusOK, "text/calendar; charset=utf-8", []byte(l.ICS(time.Now())))
	}
}
