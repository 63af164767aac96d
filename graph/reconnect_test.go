package graph_test

import (
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/liaison/liaison/graph"
)

func TestNewReconnectSuggestion(t *testing.T) {
	today := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	day := func(s string) *time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	zhang := &graph.Person{ID: "per_a", Name: "张三", Pinyin: "zhang san"}
	li := &graph.Person{ID: "per_b", Name: "李四", NameEn: "Li Si"}
	for _, c := range []struct {
		name      string
		q         *graph.Person
		tie       graph.Tie
		how, unit string
		days      int
		zh, en    string
	}{
		{"served together, last contact", zhang, graph.Tie{Strength: 0.5, LastContact: day("2026-01-01"), Since: day("2020-01-01")}, "会议", "区科技局",
			180, "与张三曾在区科技局共事，上次联系是 2026-01-01，已 180 天（联系强度 0.50）",
			"zhang san: you served together at 区科技局; last contact 2026-01-01, 180 days ago (tie strength 0.50)"},
		{"met, never contacted: silent since the tie began", li, graph.Tie{Strength: 0.25, Since: day("2025-06-30")}, "会议", "",
			365, "与李四相识于会议，但从未记录联系（联系强度 0.25）",
			"Li Si: you met through 会议, but no contact was ever logged (tie strength 0.25)"},
		{"nothing known: the threshold", li, graph.Tie{Strength: 1}, "", "",
			90, "与李四有过往来，但从未记录联系（联系强度 1.00）",
			"Li Si: you have been in touch, but no contact was ever logged (tie strength 1.00)"},
	} {
		tie := c.tie
		s := graph.NewReconnectSuggestion(c.q, &tie, 90, today, c.how, c.unit)
		if s.DaysSince != c.days || s.Reason != c.zh || s.ReasonEn != c.en || s.Person != c.q || s.Tie != &tie || s.LastContact != tie.LastContact {
			t.Errorf("%s: got %d days, %q, %q", c.name, s.DaysSince, s.Reason, s.ReasonEn)
		}
		if want := tie.Strength * math.Log2(1+float64(c.days)/90); math.Abs(s.Score-want) > 1e-12 {
			t.Errorf("%s: score %v, want %v", c.name, s.Score, want)
		}
	}
}

func TestSortReconnectSuggestions(t *testing.T) {
	s := func(id string, score float64) *graph.ReconnectSuggestion {
		return &graph.ReconnectSuggestion{Person: &graph.Person{ID: id}, Score: score}
	}
	got := []*graph.ReconnectSuggestion{s("per_c", 1), s("per_b", 2), s("per_a", 1), s("per_d", 0.5)}
	graph.SortReconnectSuggestions(got)
	var ids []string
	for _, x := range got {
		ids = append(ids, x.Person.ID)
	}
	if want := []string{"per_b", "per_a", "per_c", "per_d"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}
}
