// Package remind turns a person's reconnect suggestions and the postings
// of their cohort ending soon into one list of reminders: an iCalendar
// feed (GET /calendar/<secret>.ics, built with github.com/arran4/golang-ical)
// and the text of `liaison remind --person ID`.
package remind

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/liaison/liaison/graph"
)

// Source is what the reminders are read from (graph/neo4jdb's DB, or the
// server's Authorized wrapper of it).
type Source interface {
	ReconnectSuggestions(ctx context.Context, personID string, first int) ([]*graph.ReconnectSuggestion, error)
	Reminders(ctx context.Context, personID string, days, first int) (*graph.Reminders, error)
}

// Kinds of reminder.
const (
	KindReconnect = "reconnect"
	KindLeaving   = "leaving"
)

// Item is one reminder: a day, whom it is about and why.
type Item struct {
	Kind string
	// Date is the day to act: today for a reconnect suggestion, the last
	// day of the posting for someone leaving.
	Date     time.Time
	PersonID string
	Name     string
	NameEn   string
	Title    string // Chinese
	TitleEn  string
	Reason   string // Chinese
	ReasonEn string
}

// List is a person's reminders.
type List struct {
	PersonID string
	Items    []Item
}

// Suggestions and Days bound what a list holds.
const (
	Suggestions = 20
	Days        = graph.DefaultReminderDays
)

// Collect reads the person's reconnect suggestions and the cohort leaving
// within Days.
func Collect(ctx context.Context, src Source, personID string, today time.Time) (*List, error) {
	sugg, err := src.ReconnectSuggestions(ctx, personID, Suggestions)
	if err != nil {
		return nil, err
	}
	rem, err := src.Reminders(ctx, personID, Days, graph.DefaultReminderList)
	if err != nil {
		return nil, err
	}
	l := &List{PersonID: personID}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for _, s := range sugg {
		if s == nil || s.Person == nil {
			continue
		}
		l.Items = append(l.Items, Item{Kind: KindReconnect, Date: day, PersonID: s.Person.ID, Name: s.Person.Name, NameEn: nameEn(s.Person),
			Title: "联系 " + s.Person.Name, TitleEn: "Get in touch with " + nameEn(s.Person), Reason: s.Reason, ReasonEn: s.ReasonEn})
	}
	for _, r := range rem.Leaving {
		p, _ := r.Start.(*graph.Person)
		u, _ := r.End.(*graph.Unit)
		if p == nil || r.To == nil {
			continue
		}
		unit, unitEn := "", ""
		if u != nil {
			unit, unitEn = u.Name, u.Name
			if u.NameEn != "" {
				unitEn = u.NameEn
			}
		}
		l.Items = append(l.Items, Item{Kind: KindLeaving, Date: *r.To, PersonID: p.ID, Name: p.Name, NameEn: nameEn(p),
			Title:    fmt.Sprintf("%s 挂职期满", p.Name),
			TitleEn:  fmt.Sprintf("%s's posting ends", nameEn(p)),
			Reason:   fmt.Sprintf("%s 在%s的挂职（%s）于 %s 结束：在其离开前见一面。", p.Name, unit, r.Title, r.To.Format(time.DateOnly)),
			ReasonEn: fmt.Sprintf("%s's posting at %s (%s) ends on %s: meet before they leave.", nameEn(p), unitEn, r.Title, r.To.Format(time.DateOnly))})
	}
	return l, nil
}

func nameEn(p *graph.Person) string {
	if p.NameEn != "" {
		return p.NameEn
	}
	if p.Pinyin != "" {
		return p.Pinyin
	}
	return p.Name
}

// ProductID is the feed's PRODID.
const ProductID = "-//Liaison//Reminders 1.0//ZH"

// ICS is the list as an iCalendar document (RFC 5545): one all-day VEVENT
// per reminder, with a stable UID, so that a calendar app that refreshes
// the feed updates its events instead of duplicating them.
func (l *List) ICS(now time.Time) string {
	cal := ics.NewCalendar()
	cal.SetProductId(ProductID)
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("联络提醒 · Liaison")
	cal.SetXWRCalName("联络提醒 · Liaison")
	cal.SetRefreshInterval("PT12H")
	cal.SetXPublishedTTL("PT12H")
	for _, it := range l.Items {
		ev := cal.AddEvent(fmt.Sprintf("%s-%s-%s-%s@liaison", it.Kind, l.PersonID, it.PersonID, it.Date.Format("20060102")))
		ev.SetDtStampTime(now)
		ev.SetAllDayStartAt(it.Date)
		ev.SetAllDayEndAt(it.Date.AddDate(0, 0, 1))
		ev.SetSummary(it.Title + " / " + it.TitleEn)
		ev.SetDescription(it.Reason + "\n" + it.ReasonEn)
		ev.SetTimeTransparency(ics.TransparencyTransparent)
		ev.SetProperty(ics.ComponentPropertyCategories, it.Kind)
	}
	return cal.Serialize(ics.WithNewLineWindows)
}

// Text writes the list for a terminal, one reminder per line.
func (l *List) Text(w io.Writer, english bool) error {
	if len(l.Items) == 0 {
		msg := "没有提醒。"
		if english {
			msg = "No reminders."
		}
		_, err := fmt.Fprintln(w, msg)
		return err
	}
	for _, it := range l.Items {
		title, reason := it.Title, it.Reason
		if english {
			title, reason = it.TitleEn, it.ReasonEn
		}
		reason = strings.ReplaceAll(reason, "\n", " ")
		if _, err := fmt.Fprintf(w, "%s  %-9s  %s — %s\n", it.Date.Format(time.DateOnly), it.Kind, title, reason); err != nil {
			return err
		}
	}
	return nil
}
