package graph

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// NewReconnectSuggestion is the suggestion to call q again, on the tie t,
// for a person whose threshold is threshold days (their ReconnectAfterDays,
// or DefaultReconnectAfterDays), on day today. The silence counts from the
// last contact, or from the tie's beginning when the two never logged one
// (threshold days when neither is known). The score, strength ·
// log2(1 + days/threshold), puts strong old ties first and, among equally
// strong ones, the longest silence. unit (where the two served together)
// and how (how they met) give the sentence its basis, in that order.
func NewReconnectSuggestion(q *Person, t *Tie, threshold int, today time.Time, how, unit string) *ReconnectSuggestion {
	ref := t.LastContact
	if ref == nil {
		ref = t.Since
	}
	days := threshold
	if ref != nil {
		days = int(today.Sub(*ref).Hours() / 24)
	}
	s := &ReconnectSuggestion{Person: q, Tie: t, LastContact: t.LastContact, DaysSince: days,
		Score: t.Strength * math.Log2(1+float64(days)/float64(threshold))}
	s.Reason, s.ReasonEn = reconnectReason(q, t, days, how, unit)
	return s
}

// SortReconnectSuggestions orders suggestions by score, highest first, and
// by person id among equal scores.
func SortReconnectSuggestions(s []*ReconnectSuggestion) {
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].Score != s[j].Score {
			return s[i].Score > s[j].Score
		}
		return s[i].Person.ID < s[j].Person.ID
	})
}

// reconnectReason is the sentence of a suggestion, in Chinese and English.
func reconnectReason(q *Person, t *Tie, days int, how, unit string) (zh, en string) {
	var basis, basisEn string
	switch {
	case unit != "":
		basis, basisEn = "曾在"+unit+"共事", "you served together at "+unit
	case how != "":
		basis, basisEn = "相识于"+how, "you met through "+how
	default:
		basis, basisEn = "有过往来", "you have been in touch"
	}
	en = q.NameEn
	if en == "" {
		en = q.Pinyin
	}
	if t.LastContact == nil {
		return fmt.Sprintf("与%s%s，但从未记录联系（联系强度 %.2f）", q.Name, basis, t.Strength),
			fmt.Sprintf("%s: %s, but no contact was ever logged (tie strength %.2f)", en, basisEn, t.Strength)
	}
	return fmt.Sprintf("与%s%s，上次联系是 %s，已 %d 天（联系强度 %.2f）", q.Name, basis, t.LastContact.Format(time.DateOnly), days, t.Strength),
		fmt.Sprintf("%s: %s; last contact %s, %d days ago (tie strength %.2f)", en, basisEn, t.LastContact.Format(time.DateOnly), days, t.Strength)
}
