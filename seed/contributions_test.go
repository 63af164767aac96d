package seed_test

import (
	"testing"

	"github.com/liaison/liaison/graph"
	"github.com/liaison/liaison/seed"
)

// TestDemoContributions: every recorded role, every review state, valid
// as a cadre would record them, stories, and this year's targets; the
// same every time.
func TestDemoContributions(t *testing.T) {
	b := seed.Demo()
	cs, ts := seed.DemoContributions(b)
	people := map[string]bool{}
	for _, p := range b.People {
		people[p.ID] = true
	}
	kinds := map[graph.ContributionKind]int{}
	reviews := map[graph.ContributionReview]int{}
	stories := 0
	for _, c := range cs {
		kinds[c.Kind]++
		reviews[c.Review]++
		if c.Story {
			stories++
			if c.Review != graph.ReviewConfirmed || c.StoryText == "" {
				t.Errorf("story %s: %s, %q", c.ID, c.Review, c.StoryText)
			}
		}
		in := graph.RecordContributionInput{Kind: c.Kind, Title: c.Title, TitleEn: &c.TitleEn, Date: c.Date, Stage: c.Stage, Amount: c.Amount,
			CadreIDs: c.CadreIDs, AboutIDs: c.AboutIDs}
		if err := in.Validate(); err != nil {
			t.Errorf("%s: %v", c.ID, err)
		}
		for _, p := range c.CadreIDs {
			if !people[p] {
				t.Errorf("%s: cadre %s not in the batch", c.ID, p)
			}
		}
		if c.TitleEn == "" {
			t.Errorf("%s has no English title", c.ID)
		}
		if c.Review == graph.ReviewReturned && c.ReviewComment == "" {
			t.Errorf("%s returned without a comment", c.ID)
		}
	}
	for _, k := range graph.ContributionKinds {
		if kinds[k] < 3 {
			t.Errorf("%s: %d contributions, want some", k, kinds[k])
		}
	}
	for _, r := range graph.ContributionReviews {
		if reviews[r] == 0 {
			t.Errorf("no %s contribution", r)
		}
	}
	if stories == 0 || len(ts) == 0 {
		t.Errorf("%d stories, %d targets", stories, len(ts))
	}
	for _, tg := range ts {
		if tg.Year != seed.RefDate.Year() {
			t.Errorf("target of %d", tg.Year)
		}
	}
	again, _ := seed.DemoContributions(seed.Demo())
	if len(again) != len(cs) || again[len(cs)/2].Title != cs[len(cs)/2].Title {
		t.Errorf("not the same twice")
	}
	t.Logf("%d contributions %v %v, %d stories, %d targets", len(cs), kinds, reviews, stories, len(ts))
}
