package seed

import (
	"fmt"
	"time"

	"github.com/liaison/liaison/graph"
)

// interactionKinds are drawn with these weights: meetings and calls are
// the most common contacts, visits and events rarer.
var (
	interactionKinds   = []graph.InteractionKind{graph.InteractionMeeting, graph.InteractionCall, graph.InteractionVisit, graph.InteractionEvent, graph.InteractionMessage, graph.InteractionOther}
	interactionWeights = cumulative([]int{30, 30, 12, 8, 15, 5})
	interactionTopics  = []string{"对接项目进展", "交流招商线索", "座谈挂职工作体会", "商谈技术合作", "沟通政策支持", "回访企业落地情况", "节日问候", "邀请参加推介会"}
)

// addInteractions logs contacts between acquainted people: most pairs a
// few times since they met, some recently and some not for a long while,
// so that reconnect suggestions have both kinds; and some group events of
// cadres of one cohort.
func (g *gen) addInteractions() {
	n := 0
	newInteraction := func(at time.Time, kind graph.InteractionKind, summary string, people ...string) *graph.Interaction {
		n++
		it := &graph.Interaction{ID: fmt.Sprintf("%s_%s-%d", graph.InteractionIDPrefix, g.cfg.prefix, n), At: at, Kind: kind,
			Summary: summary, ParticipantIDs: people, LoggedBy: "seed", LoggedAt: g.ref}
		g.b.Interactions = append(g.b.Interactions, it)
		return it
	}
	var knows []*graph.Relationship
	for _, r := range g.b.Relationships {
		if r.Type == graph.RelKnows {
			knows = append(knows, r)
		}
	}
	for _, r := range knows {
		if !g.chance(0.55) {
			continue
		}
		since := g.ref.AddDate(-6, 0, 0)
		if r.From != nil && r.From.After(since) {
			since = *r.From
		}
		// The last contact: recent for half the pairs, a year or more ago for
		// the rest.
		last := g.between(since, g.ref)
		if g.chance(0.5) && g.ref.Sub(since) > 400*24*time.Hour {
			last = g.between(since, g.ref.AddDate(-1, 0, 0))
		}
		count := 1 + g.rng.IntN(5)
		for i := 0; i < count; i++ {
			at := last
			if i > 0 {
				at = g.between(since, last)
			}
			at = at.Add(time.Duration(9+g.rng.IntN(9)) * time.Hour)
			kind := interactionKinds[g.weighted(interactionWeights)]
			newInteraction(at, kind, pick(g, interactionTopics), r.StartID, r.EndID)
		}
	}
	// Cohort events: cadres of one batch at one host unit meet as a group
	// a few months after they arrive.
	for _, host := range g.hosts {
		byBatch := map[int][]string{}
		var batches []int
		var first = map[int]time.Time{}
		for _, p := range g.postingsByHost[host] {
			if _, ok := byBatch[p.batch]; !ok {
				batches = append(batches, p.batch)
				first[p.batch] = p.from
			}
			byBatch[p.batch] = append(byBatch[p.batch], g.people[p.person].p.ID)
		}
		for _, b := range batches {
			ids := byBatch[b]
			at := first[b].AddDate(0, 3+g.rng.IntN(6), 0)
			if len(ids) < 2 || at.After(g.ref) {
				continue
			}
			newInteraction(at.Add(14*time.Hour), graph.InteractionEvent, "挂职干部座谈会", ids...)
		}
	}
}
