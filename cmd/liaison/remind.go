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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("remind: unexpected argument %q", fs.Arg(0))
	}
	if err := graph.ParseIDOf("person", *person, graph.KindPerson); err != nil {
		return fmt.Errorf("remind: --%s", graph.ErrorMessage(err))
	}
	c, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	db, err := openReadDB(ctx, c, stderr)
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
