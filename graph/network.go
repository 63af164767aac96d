package graph

import (
	"context"
	"time"
)

// CohortMember is someone whose posting overlapped a person's, at the same
// host unit or in the same region, and where they are now.
type CohortMember struct {
	Person *Person
	// SameHostUnit is true when they served at the same host unit, false
	// when at another unit in the same region.
	SameHostUnit bool
	HostUnit     *Unit
	Region       *Region
	OverlapFrom  time.Time
	OverlapTo    *time.Time // nil while both still serve
	OverlapDays  int
	CurrentPost  *Relationship
}

// ReconnectSuggestion is a contact not heard from for too long.
type ReconnectSuggestion struct {
	Person *Person
	Tie    *Tie
	// LastContact is nil when the two never logged an interaction.
	LastContact *time.Time
	DaysSince   int
	Score       float64
	Reason      string
	ReasonEn    string
	CurrentPost *Relationship
}

// DuplicateCandidate is a pair of people who may be the same person.
type DuplicateCandidate struct {
	A, B    *Person
	Score   float64
	Reasons []string
}

// NetworkService answers the long-term liaison questions.
type NetworkService interface {
	Cohort(ctx context.Context, personID string, page Page) (*List[*CohortMember], error)
	ReconnectSuggestions(ctx context.Context, personID string, first int) ([]*ReconnectSuggestion, error)
	PossibleDuplicates(ctx context.Context, first int) ([]*DuplicateCandidate, error)
	// MergePeople moves everything of remove to keep, fills keep's empty
	// fields from remove, and deletes remove, in one transaction.
	MergePeople(ctx context.Context, keep, remove string) (*Person, error)
	// MarkNotDuplicate records in the graph that the two people are not
	// the same person: PossibleDuplicates no longer proposes the pair.
	MarkNotDuplicate(ctx context.Context, a, b string) (*NotDuplicateDecision, error)
}

// NotDuplicateDecision is the organization department's answer that two
// people proposed as duplicates are different people.
type NotDuplicateDecision struct {
	A, B      *Person
	DecidedAt time.Time
	// DecidedBy is the subject of the token that decided.
	DecidedBy string
}
