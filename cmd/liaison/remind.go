package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/remind"
)

// remindCmd prints a person's reminders, what their calendar feed holds:
//
//	liaison remind --person ID [--en] [--ics]
func remindCmd(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlags("remind", stderr)
	person := fs.String("person", "", "the person's id (per_...)")
	en := fs.Bool("en", false, "in English")
	asICS := fs.Bool("ics", false, "print the iCalendar feed instead of text")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := graph.ParseIDOf("person", *person, graph.KindPerson); err != nil {
		return fmt.Errorf("remind: --%s", graph.ErrorMessage(err))
	}
	db, err := connectRead(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer db.Close(context.WithoutCancel(ctx))
	l, err := remind.Collect(ctx, db, *person, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("remind: %s (%s)", graph.ErrorMessage(err), graph.ErrorCode(err))
	}
	if *asICS {
		_, err = io.WriteString(stdout, l.ICS(time.Now()))
		return err
	}
	return l.Text(stdout, *en)
}
