package server

import (
	"context"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// The self-service part of the access control (issue 12): what cadres and
// officers may do for their own person. AddAcquaintance, EndRelationship
// and UpdatePerson in authz.go delegate here.

// updatePerson: admins change anything; a person (EditProfile: self)
// changes only their own profile fields. Any other field set answers
// FORBIDDEN naming it.
func (a *Authorized) updatePerson(ctx context.Context, id string, in graph.UpdatePersonInput) (*graph.Person, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, unauthenticated()
	}
	if !p.Can(auth.Write) {
		if _, err := need(ctx, auth.EditProfile, "updatePerson", id); err != nil {
			return nil, err
		}
		if f := nonProfileField(in); f != "" {
			return nil, graph.Errorf(graph.CodeForbidden, "input.%s: the %s role may change only phone, email, wechat, expertise, bio, reconnectAfterDays and discoverable of their own person", f, p.Role)
		}
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "updatePerson", EntityIDs: []string{id}})
	x, err := a.Services.UpdatePerson(ctx, id, in)
	if err != nil {
		return nil, err
	}
	return view{p}.person(x), nil
}

// nonProfileField is the first field of in that is not a profile field.
func nonProfileField(in graph.UpdatePersonInput) string {
	switch {
	case in.Name != nil:
		return "name"
	case in.NameEn != nil:
		return "nameEn"
	case in.Gender != nil:
		return "gender"
	case in.BirthYear != nil:
		return "birthYear"
	}
	return ""
}

// addAcquaintance: admins declare any acquaintance, cadres and officers
// (Acquaint: self) those they are one of.
func (a *Authorized) addAcquaintance(ctx context.Context, in graph.AddAcquaintanceInput) (*graph.Relationship, error) {
	p, err := need(ctx, auth.Acquaint, "addAcquaintance", in.PersonID, in.OtherID)
	if err != nil {
		return nil, err
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "addAcquaintance"})
	r, err := a.Services.AddAcquaintance(ctx, in)
	if err != nil {
		return nil, err
	}
	return view{p}.rel(r), nil
}

// endRelationship: admins end any relationship; cadres and officers
// (Acquaint: self) an acquaintance of their own.
func (a *Authorized) endRelationship(ctx context.Context, id string, to time.Time) (*graph.Relationship, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, unauthenticated()
	}
	if !p.Can(auth.Write) {
		if auth.ScopeOf(p.Role, auth.Acquaint) == auth.None {
			return nil, forbidden(p, "endRelationship")
		}
		r, err := a.Services.FindRelationshipByID(ctx, id)
		if err != nil {
			return nil, err
		}
		if r.Type != graph.RelKnows {
			return nil, graph.Errorf(graph.CodeForbidden, "endRelationship: the %s role may end only their own acquaintances, not a %s relationship", p.Role, r.Type)
		}
		if _, err := need(ctx, auth.Acquaint, "endRelationship", r.StartID, r.EndID); err != nil {
			return nil, err
		}
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "endRelationship", EntityIDs: []string{id}})
	r, err := a.Services.EndRelationship(ctx, id, to)
	if err != nil {
		return nil, err
	}
	return view{p}.rel(r), nil
}

// Reminders: like cohort and reconnect suggestions (ReadNetwork).
func (a *Authorized) Reminders(ctx context.Context, personID string, days, first int) (*graph.Reminders, error) {
	p, err := need(ctx, auth.ReadNetwork, "reminders", personID)
	if err != nil {
		return nil, err
	}
	r, err := a.Services.Reminders(ctx, personID, days, first)
	if err != nil || r == nil {
		return r, err
	}
	c := *r
	c.Leaving, c.Arrivals = view{p}.rels(r.Leaving), view{p}.rels(r.Arrivals)
	return &c, nil
}

// RotateFeedSecret: the person themselves (EditProfile) or an admin.
func (a *Authorized) RotateFeedSecret(ctx context.Context, personID string) (string, error) {
	if _, err := need(ctx, auth.EditProfile, "rotateCalendarFeed", personID); err != nil {
		return "", err
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "rotateCalendarFeed", EntityIDs: []string{personID}})
	return a.Services.RotateFeedSecret(ctx, personID)
}

// FeedOwner needs no principal: the secret is the credential (the
// calendar route asks it, then reads as that person).
func (a *Authorized) FeedOwner(ctx context.Context, secret string) (string, error) {
	return a.Services.FeedOwner(ctx, secret)
}

func (a *Authorized) FindRelationshipByID(ctx context.Context, id string) (*graph.Relationship, error) {
	p, err := reader(ctx)
	if err != nil {
		return nil, err
	}
	r, err := a.Services.FindRelationshipByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return view{p}.rel(r), nil
}
