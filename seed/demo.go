package seed

import "github.com/liaison/liaison/graph"

// demoSeed is the demo's random seed: changing it changes every id's
// content, and with it the examples in the documentation.
const demoSeed = 20261101

// Demo returns the demo data set: 40 regions, 99 units (59 dispatching
// units of every kind, 40 host units), about 400 people of whom 144 are
// cadres in the batches 2019 to 2026, 80 companies, 100 projects and about
// 1,100 acquaintances. Entity ids are <kind>_demo-<n> (per_demo-1 is 张三,
// a former cadre of the 2022 batch; per_demo-2 is 李四, serving since
// 2025), relationship ids rel_demo-<n>. Every call returns a new batch with
// the same content.
func Demo() *graph.Batch {
	return generate(config{
		prefix:      "demo",
		seed:        demoSeed,
		cadres:      144,
		officials:   60,
		colleagues:  40,
		researchers: 40,
		executives:  110,
		dispatching: len(dispatchingDefs),
		hosts:       len(hostDefs) + len(countyGovernments()),
		companies:   80,
		projects:    100,
		knows:       1100,
		uniqueNames: true,
		fixtures:    demoFixtures,
	})
}

// demoFixtures are the demo's named cadres, the first two people.
var demoFixtures = []fixture{
	{
		name: "张三", nameEn: "Zhang San", gender: graph.GenderMale, birthYear: 1982,
		expertise: []string{"产业规划", "招商引资", "区域协同发展"},
		home:      "国家发展和改革委员会", host: "涞水县人民政府", post: "副县长",
		batch: 2022, years: 2, projects: 3,
	},
	{
		name: "李四", nameEn: "Li Si", gender: graph.GenderMale, birthYear: 1986,
		expertise: []string{"科技成果转化", "数字经济"},
		home:      "北京市科学技术委员会", host: "保定高新技术产业开发区管理委员会", post: "副主任",
		batch: 2025, years: 2, projects: 2,
	},
}
