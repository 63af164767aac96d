package graph

import (
	"math"
	"time"
)

// Tie strength.
//
// A tie links two people who have a reason to take each other's call: a
// declared acquaintance, logged interactions, or postings that overlapped
// in time at the same host unit or in the same region. Shared membership of
// a unit or employment at a company strengthens a tie that exists for one
// of those reasons; alone it does not make one (every member of a big
// ministry would otherwise be tied to every other).
//
// Each reason gives a component c in [0, 1]; the strength is their
// noisy-OR, 1 − Π(1 − c): every reason is an independent chance that the
// call is taken, so reasons add up without ever passing 1, and one strong
// reason is enough.
//
//   - acquaintance: Acquaintance, decayed from its end if it ended.
//   - interactions: 1 − exp(−Σ kindWeight·decay(age) / InteractionSaturation):
//     frequency counts, each contact fades with its age, a visit weighs
//     more than a message.
//   - co-service: CoServedHostUnit (same host unit) or CoServedRegion (same
//     region, other unit), times min(1, overlapDays/OverlapFullDays),
//     decayed from the end of the overlap.
//   - shared unit or company: SharedUnit · min(1, overlapDays/OverlapFullDays),
//     decayed likewise.
//
// decay(age) = 0.5^(age / halfLife), with halfLife = HalfLifeDays ·
// (1 + tieYears/LongTieYears), where tieYears is how long the two have
// known each other: long ties decay more slowly than fresh ones.
type TieParams struct {
	HalfLifeDays          float64                     `json:"halfLifeDays"`
	LongTieYears          float64                     `json:"longTieYears"`
	InteractionSaturation float64                     `json:"interactionSaturation"`
	InteractionWeights    map[InteractionKind]float64 `json:"interactionWeights"`
	Acquaintance          float64                     `json:"acquaintance"`
	CoServedHostUnit      float64                     `json:"coServedHostUnit"`
	CoServedRegion        float64                     `json:"coServedRegion"`
	SharedUnit            float64                     `json:"sharedUnit"`
	OverlapFullDays       float64                     `json:"overlapFullDays"`
}

// DefaultTieParams are the parameters used unless configured otherwise.
func DefaultTieParams() TieParams {
	return TieParams{
		HalfLifeDays:          365,
		LongTieYears:          2,
		InteractionSaturation: 3,
		InteractionWeights: map[InteractionKind]float64{
			InteractionMeeting: 1.0, InteractionVisit: 1.0, InteractionEvent: 0.6,
			InteractionCall: 0.7, InteractionMessage: 0.4, InteractionOther: 0.5,
		},
		Acquaintance:     0.3,
		CoServedHostUnit: 0.6,
		CoServedRegion:   0.35,
		SharedUnit:       0.25,
		OverlapFullDays:  365,
	}
}

// TieFacts are what two people have in common, as read from the graph.
type TieFacts struct {
	Knows         bool
	KnowsSince    *time.Time
	KnowsEnded    *time.Time
	Interactions  []InteractionFact
	CoServedUnit  []Period // overlaps of postings at the same host unit
	CoServedPlace []Period // overlaps of postings in the same region
	Shared        []Period // overlaps of membership or employment
}

// InteractionFact is one logged contact.
type InteractionFact struct {
	At   time.Time
	Kind InteractionKind
}

// Period is a span of days; To nil means it lasts.
type Period struct {
	From time.Time
	To   *time.Time
}

// TieComponents explain a strength.
type TieComponents struct {
	Acquaintance float64
	Interactions float64
	CoService    float64
	Shared       float64
}

// Founded reports whether the facts make a tie at all.
func (f TieFacts) Founded() bool {
	return f.Knows || len(f.Interactions) > 0 || len(f.CoServedUnit) > 0 || len(f.CoServedPlace) > 0
}

// Since is when the two first had something in common, or nil.
func (f TieFacts) Since() *time.Time {
	var first *time.Time
	consider := func(t *time.Time) {
		if t != nil && (first == nil || t.Before(*first)) {
			tt := *t
			first = &tt
		}
	}
	consider(f.KnowsSince)
	for _, i := range f.Interactions {
		consider(&i.At)
	}
	for _, ps := range [][]Period{f.CoServedUnit, f.CoServedPlace, f.Shared} {
		for _, p := range ps {
			consider(&p.From)
		}
	}
	return first
}

// LastContact is the newest interaction, or nil.
func (f TieFacts) LastContact() *time.Time {
	var last *time.Time
	for _, i := range f.Interactions {
		if last == nil || i.At.After(*last) {
			t := i.At
			last = &t
		}
	}
	return last
}

// Strength computes the tie strength of the facts at now.
func (p TieParams) Strength(f TieFacts, now time.Time) (float64, TieComponents) {
	var c TieComponents
	if !f.Founded() {
		return 0, c
	}
	half := p.HalfLifeDays
	if since := f.Since(); since != nil && p.LongTieYears > 0 {
		years := now.Sub(*since).Hours() / 24 / 365.25
		half *= 1 + math.Max(0, years)/p.LongTieYears
	}
	decay := func(t *time.Time) float64 {
		if t == nil || half <= 0 {
			return 1
		}
		days := now.Sub(*t).Hours() / 24
		if days <= 0 {
			return 1
		}
		return math.Pow(0.5, days/half)
	}
	if f.Knows {
		c.Acquaintance = p.Acquaintance * decay(f.KnowsEnded)
	}
	if len(f.Interactions) > 0 {
		sum := 0.0
		for _, i := range f.Interactions {
			w, ok := p.InteractionWeights[i.Kind]
			if !ok {
				w = p.InteractionWeights[InteractionOther]
			}
			at := i.At
			sum += w * decay(&at)
		}
		c.Interactions = 1 - math.Exp(-sum/math.Max(p.InteractionSaturation, 1e-9))
	}
	overlap := func(weight float64, ps []Period) float64 {
		best := 0.0
		for _, o := range ps {
			end := now
			if o.To != nil && o.To.Before(now) {
				end = *o.To
			}
			days := end.Sub(o.From).Hours() / 24
			if days <= 0 {
				continue
			}
			v := weight * math.Min(1, days/math.Max(p.OverlapFullDays, 1)) * decay(o.To)
			best = math.Max(best, v)
		}
		return best
	}
	c.CoService = math.Max(overlap(p.CoServedHostUnit, f.CoServedUnit), overlap(p.CoServedRegion, f.CoServedPlace))
	c.Shared = overlap(p.SharedUnit, f.Shared)
	s := 1 - (1-c.Acquaintance)*(1-c.Interactions)*(1-c.CoService)*(1-c.Shared)
	return math.Max(0, math.Min(1, s)), c
}

// Tie is the materialized tie between two people, seen from one of them.
type Tie struct {
	PersonID    string // the other person
	Person      *Person
	Strength    float64
	Components  TieComponents
	Since       *time.Time
	LastContact *time.Time
	// InteractionCount is the number of logged interactions of the two.
	InteractionCount int
}
