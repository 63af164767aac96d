package graph

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// LinkWeights give every relationship of a path a strength in (0, 1]. A
// KNOWS link is as strong as the tie of the two people; any other link has
// the base weight of its type, lowered by EndedFactor once it has ended (a
// former colleague is a weaker way in than a current one).
//
// The strength of a path is the product of its links' strengths: each link
// is a hand-over that may fail, and a product says that a path is as good
// as all its hand-overs together, so that every extra hop costs something.
// The weakest link alone would rank a 2-hop and a 6-hop path of equal
// links the same, which is not what an introducer experiences.
type LinkWeights struct {
	Base        map[RelType]float64 `json:"base"`
	EndedFactor float64             `json:"endedFactor"`
}

// DefaultLinkWeights are the weights used unless configured otherwise.
func DefaultLinkWeights() LinkWeights {
	return LinkWeights{
		Base: map[RelType]float64{
			RelPostedTo: 0.7, RelMemberOf: 0.7, RelEmployedBy: 0.7, RelKnows: 0.3,
			RelSecured: 0.7, RelIntroduced: 0.7, RelInvestsIn: 0.6, RelSupports: 0.5,
			RelLocatedIn: 0.3, RelPartOf: 0.5,
		},
		EndedFactor: 0.6,
	}
}

// Of is the strength of one link at day.
func (w LinkWeights) Of(r *Relationship, day time.Time) float64 {
	if r.Type == RelKnows && r.TieStrength != nil && *r.TieStrength > 0 {
		return *r.TieStrength
	}
	base, ok := w.Base[r.Type]
	if !ok {
		base = 0.3
	}
	if r.To != nil && r.To.Before(day) {
		base *= w.EndedFactor
	}
	return base
}

// Strengths is the configuration of tie and link strengths.
type Strengths struct {
	Tie   TieParams   `json:"tie"`
	Links LinkWeights `json:"links"`
}

// DefaultStrengths are the built-in parameters.
func DefaultStrengths() Strengths {
	return Strengths{Tie: DefaultTieParams(), Links: DefaultLinkWeights()}
}

// LoadStrengths reads parameters from a JSON file; fields left out keep
// their defaults.
func LoadStrengths(path string) (Strengths, error) {
	s := DefaultStrengths()
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.Validate(); err != nil {
		return s, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// Validate checks that weights are probabilities and times positive.
func (s Strengths) Validate() error {
	in01 := func(name string, v float64) error {
		if v < 0 || v > 1 {
			return fmt.Errorf("%s: must lie in [0, 1], got %g", name, v)
		}
		return nil
	}
	t := s.Tie
	for name, v := range map[string]float64{"tie.acquaintance": t.Acquaintance, "tie.coServedHostUnit": t.CoServedHostUnit,
		"tie.coServedRegion": t.CoServedRegion, "tie.sharedUnit": t.SharedUnit, "links.endedFactor": s.Links.EndedFactor} {
		if err := in01(name, v); err != nil {
			return err
		}
	}
	for k, v := range t.InteractionWeights {
		if v < 0 {
			return fmt.Errorf("tie.interactionWeights.%s: must not be negative", k)
		}
	}
	for k, v := range s.Links.Base {
		if v <= 0 || v > 1 {
			return fmt.Errorf("links.base.%s: must lie in (0, 1], got %g", k, v)
		}
	}
	if t.HalfLifeDays <= 0 || t.OverlapFullDays <= 0 || t.InteractionSaturation <= 0 || t.LongTieYears < 0 {
		return fmt.Errorf("tie: halfLifeDays, overlapFullDays and interactionSaturation must be positive")
	}
	return nil
}
