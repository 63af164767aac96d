package graph

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// Reminders are what a person should act on soon, besides reconnect
// suggestions: people of their cohort whose postings end soon ("before
// they leave"), and people newly posted to their host units or regions
// ("new arrivals").
type Reminders struct {
	PersonID string
	// Days is the window: postings ending within Days from today, and
	// postings begun within the last Days.
	Days int
	// Leaving are postings (POSTED_TO, Start the person, End the host unit)
	// of the person's cohort that end within Days, soonest first.
	Leaving []*Relationship
	// Arrivals are postings begun within the last Days at a unit where the
	// person serves or works, or at a unit in the same region, newest first.
	Arrivals []*Relationship
}

// Default and largest reminder windows and list lengths.
const (
	DefaultReminderDays = 60
	MaxReminderDays     = 366
	DefaultReminderList = 20
)

// ReminderService answers the home view and the calendar feed of a person.
type ReminderService interface {
	// Reminders lists the cohort leaving and the arrivals of the window,
	// at most first of each.
	Reminders(ctx context.Context, personID string, days, first int) (*Reminders, error)
	// RotateFeedSecret gives the person a new calendar feed secret and
	// returns it; only its hash is stored, and the old one stops working.
	RotateFeedSecret(ctx context.Context, personID string) (string, error)
	// FeedOwner is the person whose feed secret this is; NOT_FOUND when
	// none is.
	FeedOwner(ctx context.Context, secret string) (string, error)
	// FindRelationshipByID returns one relationship with its ends.
	FindRelationshipByID(ctx context.Context, id string) (*Relationship, error)
}

// NewFeedSecret returns a random calendar feed secret: 32 bytes, URL-safe
// base64 without padding (43 characters).
func NewFeedSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// FeedSecretHash is what is stored of a feed secret: its SHA-256, in hex.
// The secret has 256 bits of entropy, so a plain hash suffices.
func FeedSecretHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// ValidFeedSecret reports whether s has the form of a feed secret.
func ValidFeedSecret(s string) bool {
	if len(s) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil
}

// ValidateReminders checks the window and the list length, filling in
// their defaults.
func ValidateReminders(personID string, days, first *int) error {
	var v validator
	v.reqID("person", personID, KindPerson)
	v.count("days", days, DefaultReminderDays, MaxReminderDays)
	v.count("first", first, DefaultReminderList, MaxPageSize)
	return v.result()
}
