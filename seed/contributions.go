package seed

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/liaison/liaison/graph"
)

// Contributions of the demo (the six roles): for the cadres of a batch,
// contributions in the five recorded roles over the two years before
// RefDate, most of them confirmed, some pending and some returned with a
// comment, a few marked as stories; and yearly targets for the serving
// cadres in RefDate's year. Ids are con_<prefix>-<n>; the same batch gives
// the same contributions.

type contributionIdea struct {
	zh, en string
	amount float64 // CNY; 0 for none
}

var contributionIdeas = map[graph.ContributionKind][]contributionIdea{
	graph.ContributionAdvice: {
		{"关于“十四五”规划纲要产业布局的建议", "Proposals on the industrial layout of the five-year plan", 0},
		{"关于优化营商环境的十条建议", "Ten proposals to improve the business environment", 0},
		{"关于京津冀协同发展承接产业转移的调研报告", "Survey on relocating Beijing–Tianjin industries", 0},
		{"关于县域数字经济发展的建议", "Proposals on the county's digital economy", 0},
		{"关于大气污染联防联控的建议", "Proposals on joint air-pollution control", 0},
	},
	graph.ContributionExample: {
		{"为全县干部讲授招商引资专题课", "Lecture on investment promotion for the county's cadres", 0},
		{"组织“解放思想大讨论”座谈会", "Seminar of the campaign to free up thinking", 0},
		{"带队驻村开展脱贫攻坚", "Led a village team on poverty alleviation", 0},
		{"举办数字政务培训班", "Training course on digital government", 0},
	},
	graph.ContributionInnovation: {
		{"引进高校科技成果转化团队", "Brought in a university technology-transfer team", 5e6},
		{"推动“一网通办”改革试点", "Piloted the one-stop online services reform", 0},
		{"共建新能源汽车创新联合体", "Co-founded an innovation consortium for new-energy vehicles", 2e7},
		{"引进博士后科研工作站", "Brought in a postdoctoral research station", 3e6},
	},
	graph.ContributionSupport: {
		{"争取中央预算内投资支持生态修复", "Central budget funds for ecological restoration", 3e7},
		{"争取国家级农业产业强镇政策支持", "National policy support for an agricultural town", 1e7},
		{"协调省级部门完成重大项目审批", "Approvals of a major project by provincial departments", 0},
		{"争取专项债券额度", "Special bond quota won for the city", 8e7},
		{"争取国家级开发区扩区批复", "Approval to extend the national development zone", 0},
	},
	graph.ContributionPromotion: {
		{"在京举办招商推介会", "Investment promotion conference in Beijing", 5e8},
		{"促成央企与市政府签署战略合作协议", "Strategic cooperation agreement with a central SOE", 1e9},
		{"邀请企业家代表团来考察", "Brought a delegation of entrepreneurs to visit", 0},
		{"在部委刊物宣传城市发展成就", "Promoted the city in a ministry's journal", 0},
	},
}

var returnComments = []string{"请补充佐证材料", "金额需与立项文件核对", "请说明本人在其中的具体作用"}

var storyTexts = []string{
	"连续三个月奔走于部委之间，终于为生态修复项目争取到中央资金，被群众称为“送钱干部”。",
	"推介会上逐一对接二十余家企业，促成两个项目当年签约落地。",
	"深入村组调研百余户，提出的建议被写入规划纲要。",
}

// DemoContributions returns the demo's contributions and targets for the
// batch b.
func DemoContributions(b *graph.Batch) ([]*graph.Contribution, []*graph.ContributionTarget) {
	rng := rand.New(rand.NewPCG(demoSeed, 21))
	type cadre struct {
		id      string
		host    string
		serving bool
	}
	var cadres []cadre
	seen := map[string]bool{}
	for _, r := range b.Relationships {
		if r.Type != graph.RelPostedTo || seen[r.StartID] {
			continue
		}
		if r.To != nil && r.To.Before(RefDate.AddDate(-2, 0, 0)) {
			continue
		}
		seen[r.StartID] = true
		cadres = append(cadres, cadre{id: r.StartID, host: r.EndID, serving: r.To == nil || !r.To.Before(RefDate)})
	}
	sort.Slice(cadres, func(i, j int) bool { return cadres[i].id < cadres[j].id })
	var projects, companies []string
	for _, p := range b.Projects {
		projects = append(projects, p.ID)
	}
	for _, c := range b.Companies {
		companies = append(companies, c.ID)
	}
	var out []*graph.Contribution
	n := 0
	add := func(k graph.ContributionKind, cd cadre, idea contributionIdea, at time.Time) *graph.Contribution {
		n++
		c := &graph.Contribution{ID: fmt.Sprintf("%s_demo-%d", graph.ContributionIDPrefix, n), Kind: k, Title: idea.zh, TitleEn: idea.en,
			Date: at, CadreIDs: []string{cd.id}, AboutIDs: []string{cd.host}, Review: graph.ReviewConfirmed, RecordedBy: "seed",
			RecordedByPerson: cd.id, RecordedAt: at.Add(24 * time.Hour)}
		if idea.amount > 0 && k.HasAmount() {
			a := idea.amount
			c.Amount = &a
		}
		if st := k.Stages(); st != nil {
			s := st[len(st)-1]
			if rng.IntN(3) == 0 {
				s = st[rng.IntN(len(st))]
			}
			c.Stage = &s
		}
		switch k {
		case graph.ContributionPromotion, graph.ContributionInnovation:
			if len(companies) > 0 {
				c.AboutIDs = append(c.AboutIDs, companies[rng.IntN(len(companies))])
			}
		case graph.ContributionSupport:
			if len(projects) > 0 {
				c.AboutIDs = append(c.AboutIDs, projects[rng.IntN(len(projects))])
			}
		}
		switch r := rng.IntN(10); {
		case r == 0:
			c.Review = graph.ReviewReturned
			c.ReviewComment = returnComments[rng.IntN(len(returnComments))]
		case r <= 2:
			c.Review = graph.ReviewPending
		}
		if c.Review != graph.ReviewPending {
			rv := c.RecordedAt.Add(72 * time.Hour)
			c.ReviewedAt, c.ReviewedBy = &rv, "seed"
		}
		out = append(out, c)
		return c
	}
	start := RefDate.AddDate(-2, 0, 0)
	span := int(RefDate.Sub(start).Hours() / 24)
	stories := 0
	for i, cd := range cadres {
		count := 1 + rng.IntN(4)
		if i < 2 || cd.id == "per_demo-1" || cd.id == "per_demo-2" {
			count = 5
		}
		for j := 0; j < count; j++ {
			k := graph.ContributionKinds[rng.IntN(len(graph.ContributionKinds))]
			if count == 5 {
				k = graph.ContributionKinds[j]
			}
			ideas := contributionIdeas[k]
			at := start.AddDate(0, 0, rng.IntN(span))
			c := add(k, cd, ideas[rng.IntN(len(ideas))], at)
			if c.Review == graph.ReviewConfirmed && stories < len(storyTexts) && rng.IntN(8) == 0 {
				c.Story, c.StoryText = true, storyTexts[stories]
				stories++
			}
		}
	}
	// A joint promotion of the two named cadres, confirmed, and a story.
	if len(out) > 0 {
		c := add(graph.ContributionPromotion, cadre{id: "per_demo-1", host: ""}, contributionIdea{"京津冀协同发展专场推介会", "Joint promotion conference for the Beijing–Tianjin–Hebei region", 6e8},
			RefDate.AddDate(0, -2, 0))
		c.CadreIDs = []string{"per_demo-1", "per_demo-2"}
		c.AboutIDs = nil
		c.Review, c.Story, c.StoryText = graph.ReviewConfirmed, true, "两位挂职干部联合组织推介会，现场签约六亿元。"
		rv := c.RecordedAt.Add(72 * time.Hour)
		c.ReviewedAt, c.ReviewedBy = &rv, "seed"
	}
	var targets []*graph.ContributionTarget
	for _, cd := range cadres {
		if !cd.serving {
			continue
		}
		targets = append(targets, &graph.ContributionTarget{PersonID: cd.id, Year: RefDate.Year(), SetBy: "seed", Note: "争取几项支持，办成几件实事",
			Items: []graph.TargetItem{{Kind: graph.ContributionSupport, Count: 2}, {Kind: graph.ContributionAdvice, Count: 1 + rng.IntN(2)}, {Kind: graph.ContributionPromotion, Count: 1}}})
	}
	return out, targets
}
