package server

import (
	"context"
	"time"

	"github.com/liaison/liaison/auth"
	"github.com/liaison/liaison/graph"
)

// The access rules of contributions and targets (the six roles):
//
//   - recordContribution: admins record any; a cadre (RecordContribution:
//     self) only contributions they are one of the cadres of; an officer
//     only PROMOTION, for the cadres involved.
//   - reviewContribution, setContributionTarget, contributionQueue: admins
//     (ReviewContribution).
//   - reading: everyone who reads the graph sees confirmed contributions;
//     pending and returned ones only admins and the cadre themselves
//     (their own list, or a contribution they are one of the cadres of).
//   - progress against target: the cadre themselves, and the roles that
//     read reports.
//
// Undiscoverable people stay out as everywhere: the viewer goes to the
// data layer, where a contribution is seen only through a visible cadre.

// RecordContribution checks who may record it; recordedBy is the token's
// subject and person.
func (a *Authorized) RecordContribution(ctx context.Context, in graph.RecordContributionInput, recordedBy, recordedByPerson string) (*graph.Contribution, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, unauthenticated()
	}
	ids := in.CadreIDs
	if p.Role == auth.RoleOfficer && in.Kind != graph.ContributionPromotion {
		return nil, graph.Errorf(graph.CodeForbidden, "input.kind: the officer role may record only PROMOTION contributions, for the cadres involved")
	}
	ctx, p, err := allow(ctx, auth.RecordContribution, "recordContribution", ids...)
	if err != nil {
		return nil, err
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "recordContribution"})
	return a.next.RecordContribution(ctx, in, p.Subject, p.Person)
}

// ReviewContribution: admins.
func (a *Authorized) ReviewContribution(ctx context.Context, in graph.ReviewContributionInput, reviewedBy string) (*graph.Contribution, error) {
	ctx, p, err := allow(ctx, auth.ReviewContribution, "reviewContribution")
	if err != nil {
		return nil, err
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "reviewContribution", EntityIDs: []string{in.ID}})
	return a.next.ReviewContribution(ctx, in, p.Subject)
}

// seesUnconfirmed reports whether p may see the pending and returned
// contributions of the person (admins, and the person themselves).
func seesUnconfirmed(p *auth.Principal, personID string) bool {
	return p.Can(auth.ReviewContribution) || (personID != "" && p.IsSelf(personID))
}

// FindContribution: a confirmed one for every reader; a pending or
// returned one for admins and its cadres (absent for the others).
func (a *Authorized) FindContribution(ctx context.Context, id string) (*graph.Contribution, error) {
	ctx, p, err := allow(ctx, auth.ReadGraph, "contribution")
	if err != nil {
		return nil, err
	}
	c, err := a.next.FindContribution(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Review != graph.ReviewConfirmed && !p.Can(auth.ReviewContribution) {
		mine := false
		for _, pid := range c.CadreIDs {
			mine = mine || p.IsSelf(pid)
		}
		if !mine {
			return nil, graph.Errorf(graph.CodeNotFound, "id: contribution %q not found", id)
		}
	}
	return c, nil
}

// FindContributions: pending and returned ones for admins and for the
// person's own list; any other list asks for confirmed ones only (asking
// for others is FORBIDDEN).
func (a *Authorized) FindContributions(ctx context.Context, f graph.ContributionFilter, page graph.Page) (*graph.List[*graph.Contribution], error) {
	ctx, p, err := allow(ctx, auth.ReadGraph, "contributions")
	if err != nil {
		return nil, err
	}
	if f, err = contributionsFor(p, f); err != nil {
		return nil, err
	}
	return a.next.FindContributions(ctx, f, page)
}

// contributionsFor is the filter p may list: as asked for admins and for
// the person's own list; else confirmed ones only (asking for others is
// FORBIDDEN).
func contributionsFor(p *auth.Principal, f graph.ContributionFilter) (graph.ContributionFilter, error) {
	if !seesUnconfirmed(p, f.PersonID) {
		switch {
		case len(f.Review) == 0:
			f.Review = []graph.ContributionReview{graph.ReviewConfirmed}
		case !f.OnlyConfirmed():
			return f, graph.Errorf(graph.CodeForbidden, "review: the %s role sees only confirmed contributions of others", p.Role)
		}
	}
	return f, nil
}

// FindContributionsOf applies the rule of FindContributions to each
// person's filter; a person whose filter it refuses is left out (asked
// alone, FindContributions reports why).
func (a *Authorized) FindContributionsOf(ctx context.Context, fs []graph.ContributionFilter, page graph.Page) (map[string]*graph.List[*graph.Contribution], error) {
	ctx, p, err := allow(ctx, auth.ReadGraph, "contributions")
	if err != nil {
		return nil, err
	}
	allowed := make([]graph.ContributionFilter, 0, len(fs))
	for _, f := range fs {
		if f, err := contributionsFor(p, f); err == nil {
			allowed = append(allowed, f)
		}
	}
	if len(allowed) == 0 {
		return map[string]*graph.List[*graph.Contribution]{}, nil
	}
	return a.next.FindContributionsOf(ctx, allowed, page)
}

// SetContributionTarget: admins.
func (a *Authorized) SetContributionTarget(ctx context.Context, in graph.SetTargetInput, setBy string) (*graph.ContributionTarget, error) {
	ctx, p, err := allow(ctx, auth.ReviewContribution, "setContributionTarget")
	if err != nil {
		return nil, err
	}
	ctx = auth.WithAudit(ctx, auth.AuditRequest{Operation: "setContributionTarget"})
	return a.next.SetContributionTarget(ctx, in, p.Subject)
}

// ContributionProgress: the people themselves and the roles that read
// reports; the others' entries are left out.
func (a *Authorized) ContributionProgress(ctx context.Context, personIDs []string, year int) (map[string]*graph.CadreProgress, error) {
	ctx, p, err := allow(ctx, auth.ReadGraph, "contributionProgress")
	if err != nil {
		return nil, err
	}
	allowed := make([]string, 0, len(personIDs))
	for _, id := range personIDs {
		if p.Can(auth.ReadReports) || p.IsSelf(id) {
			allowed = append(allowed, id)
		}
	}
	if len(allowed) == 0 && len(personIDs) > 0 {
		return nil, graph.Errorf(graph.CodeForbidden, "contributionProgress: the %s role sees only their own progress", p.Role)
	}
	return a.next.ContributionProgress(ctx, allowed, year)
}

// UnitRoles and CityRoles are parts of the reports (ReadReports).
func (a *Authorized) UnitRoles(ctx context.Context, unitID string, from, to time.Time, cadreIDs []string) (*graph.RoleReport, error) {
	return call(ctx, can(auth.ReadReports, "unitReport"), func(ctx context.Context) (*graph.RoleReport, error) {
		return a.next.UnitRoles(ctx, unitID, from, to, cadreIDs)
	})
}

func (a *Authorized) CityRoles(ctx context.Context, from, to time.Time) (*graph.CityRoles, error) {
	return call2(ctx, can(auth.ReadReports, "citySummary"), a.next.CityRoles, from, to)
}

// withRoleReports makes the reports of svc carry their six-role parts.
type withRoleReports struct {
	Services
	reports graph.ReportsWithRoles
}

func roleReports(svc Services) Services {
	return withRoleReports{Services: svc, reports: graph.ReportsWithRoles{ReportService: svc, Roles: svc}}
}

func (w withRoleReports) UnitReport(ctx context.Context, unitID string, from, to time.Time) (*graph.UnitReport, error) {
	return w.reports.UnitReport(ctx, unitID, from, to)
}

func (w withRoleReports) CitySummary(ctx context.Context, from, to time.Time) (*graph.CitySummary, error) {
	return w.reports.CitySummary(ctx, from, to)
}
