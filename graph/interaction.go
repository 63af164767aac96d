package graph

import "time"

// InteractionKind is how two or more people were in touch.
type InteractionKind string

const (
	InteractionMeeting InteractionKind = "MEETING"
	InteractionCall    InteractionKind = "CALL"
	InteractionVisit   InteractionKind = "VISIT"
	InteractionEvent   InteractionKind = "EVENT"
	InteractionMessage InteractionKind = "MESSAGE"
	InteractionOther   InteractionKind = "OTHER"
)

// InteractionKinds lists every kind.
var InteractionKinds = []InteractionKind{InteractionMeeting, InteractionCall, InteractionVisit, InteractionEvent, InteractionMessage, InteractionOther}

// Valid reports whether k is a known kind.
func (k InteractionKind) Valid() bool { return oneOf(k, InteractionKinds) }

// Interaction is a logged contact between people (结识新朋友，不忘老朋友).
type Interaction struct {
	ID             string
	At             time.Time
	Kind           InteractionKind
	Summary        string // private: admins and participants only
	ParticipantIDs []string
	AboutIDs       []string // projects, companies, units
	LoggedBy       string
	// LoggedByUnit is the unit claim of the token that logged it: officers
	// of that unit read its summary.
	LoggedByUnit string
	LoggedAt     time.Time
}

// LogInteractionInput records an interaction.
type LogInteractionInput struct {
	ParticipantIDs []string
	At             time.Time
	Kind           InteractionKind
	Summary        *string
	AboutIDs       []string
	// LoggedByUnit is set by the service layer from the token's unit
	// claim, never by the client.
	LoggedByUnit string
}

// InteractionIDPrefix prefixes interaction ids.
const InteractionIDPrefix = "int"

// MaxParticipants bounds an interaction's participant list.
const MaxParticipants = 50

// Validate checks an interaction.
func (in *LogInteractionInput) Validate() error {
	var v validator
	if len(in.ParticipantIDs) < 2 {
		v.fail("input.participantIds", "an interaction needs at least two participants, got %d", len(in.ParticipantIDs))
	}
	if len(in.ParticipantIDs) > MaxParticipants {
		v.fail("input.participantIds", "at most %d participants, got %d", MaxParticipants, len(in.ParticipantIDs))
	}
	seen := map[string]bool{}
	for _, id := range in.ParticipantIDs {
		v.reqID("input.participantIds", id, KindPerson)
		if seen[id] {
			v.fail("input.participantIds", "%q is listed twice", Truncate(id, 80))
		}
		seen[id] = true
	}
	at := in.At
	v.date("input.at", &at)
	if in.At.After(time.Now().Add(time.Minute)) {
		v.fail("input.at", "must not lie in the future, got %s", in.At.Format(time.RFC3339))
	}
	if !in.Kind.Valid() {
		v.fail("input.kind", "unknown kind %q", Truncate(string(in.Kind), 40))
	}
	v.optText("input.summary", in.Summary, MaxTextLen)
	if len(in.AboutIDs) > MaxParticipants {
		v.fail("input.aboutIds", "at most %d entities, got %d", MaxParticipants, len(in.AboutIDs))
	}
	for _, id := range in.AboutIDs {
		k, err := ParseID(id)
		switch {
		case err != nil:
			v.fail("input.aboutIds", "%q is not a valid id", Truncate(id, 80))
		case k != KindProject && k != KindCompany && k != KindUnit:
			v.fail("input.aboutIds", "%q is a %s; an interaction is about projects, companies or units", Truncate(id, 80), kindWord(k))
		}
	}
	return v.result()
}
