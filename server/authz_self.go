package server

import (
	"context"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// The self-service part of the access control: what cadres and officers
// may do for their own person. UpdatePerson, AddAcquaintance and
// EndRelationship in authz.go delegate here.

// updatePerson: admins change anything; a person (EditProfile: self)
// changes only their own profile fields. Any other field set answers
// FORBIDDEN naming it.
func (a *Authorized) updatePerson(ctx context.Context, id string, in graph.UpdatePersonInput) (*graph.Person, error) {
	r := writes("updatePerson", id)
	if p := auth.FromContext(ctx); p != nil && !p.Can(auth.Write) {
		r = func(ctx context.Context) (context.Context, error) {
			ctx, p, err := allow(ctx, auth.EditProfile, "updatePerson", id)
			if err != nil {
				return nil, err
			}
			if f := nonProfileField(in); f != "" {
				return nil, graph.Errorf(graph.CodeForbidden, "input.%s: the %s role may change only phone, email, wechat, expertise, bio, reconnectAfterDays and discoverable of their own person", f, p.Role)
			}
			return auth.WithAudit(ctx, auth.AuditRequest{Operation: "updatePerson", EntityIDs: []string{id}}), nil
		}
	}
	return call2(ctx, r, a.next.UpdatePerson, id, in)
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
	r := func(ctx context.Context) (context.Context, error) {
		ctx, _, err := allow(ctx, auth.Acquaint, "addAcquaintance", in.PersonID, in.OtherID)
		if err != nil {
			return nil, err
		}
		return auth.WithAudit(ctx, auth.AuditRequest{Operation: "addAcquaintance"}), nil
	}
	return call1(ctx, r, a.next.AddAcquaintance, in)
}

// endRelationship: admins end any relationship; cadres and officers
// (Acquaint: self) an acquaintance of their own.
func (a *Authorized) endRelationship(ctx context.Context, id string, to time.Time) (*graph.Relationship, error) {
	r := writes("endRelationship", id)
	if p := auth.FromContext(ctx); p != nil && !p.Can(auth.Write) {
		r = func(ctx context.Context) (context.Context, error) {
			rctx, p, err := allow(ctx, auth.ReadGraph, "endRelationship")
			if err != nil {
				return nil, err
			}
			if auth.ScopeOf(p.Role, auth.Acquaint) == auth.None {
				return nil, graph.Errorf(graph.CodeForbidden, "endRelationship: not allowed for the %s role", p.Role)
			}
			rel, err := a.next.FindRelationshipByID(rctx, id)
			if err != nil {
				return nil, err
			}
			if rel.Type != graph.RelKnows {
				return nil, graph.Errorf(graph.CodeForbidden, "endRelationship: the %s role may end only their own acquaintances, not a %s relationship", p.Role, rel.Type)
			}
			if ctx, _, err = allow(ctx, auth.Acquaint, "endRelationship", rel.StartID, rel.EndID); err != nil {
				return nil, err
			}
			return auth.WithAudit(ctx, auth.AuditRequest{Operation: "endRelationship", EntityIDs: []string{id}}), nil
		}
	}
	return call2(ctx, r, a.next.EndRelationship, id, to)
}

// Reminders: like cohort and reconnect suggestions (ReadNetwork).
func (a *Authorized) Reminders(ctx context.Context, personID string, days, first int) (*graph.Reminders, error) {
	return call3(ctx, can(auth.ReadNetwork, "reminders", personID), a.next.Reminders, personID, days, first)
}

// RotateFeedSecret: the person themselves (EditProfile) or an admin.
func (a *Authorized) RotateFeedSecret(ctx context.Context, personID string) (string, error) {
	r := func(ctx context.Context) (context.Context, error) {
		ctx, _, err := allow(ctx, auth.EditProfile, "rotateCalendarFeed", personID)
		if err != nil {
			return nil, err
		}
		return auth.WithAudit(ctx, auth.AuditRequest{Operation: "rotateCalendarFeed", EntityIDs: []string{personID}}), nil
	}
	return call1(ctx, r, a.next.RotateFeedSecret, personID)
}

// FeedOwner needs no principal: the secret is the credential (the
// calendar route asks it, then reads as that person through the rules
// above). It answers only the owner's id.
func (a *Authorized) FeedOwner(ctx context.Context, secret string) (string, error) {
	return a.next.FeedOwner(ctx, secret)
}

func (a *Authorized) FindRelationshipByID(ctx context.Context, id string) (*graph.Relationship, error) {
	return call1(ctx, reads("relationship"), a.next.FindRelationshipByID, id)
}
