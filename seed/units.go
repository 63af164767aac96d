package seed

import "github.com/liaison/liaison/graph"

// unitDef is one organization of the data sets. The dispatching units are
// real public bodies; no real person is tied to them: everyone in the data
// is fictional and holds only ordinary, non-unique titles there.
type unitDef struct {
	name   string
	nameEn string
	short  string
	kind   graph.UnitKind
	parent string // name of the parent unit, listed earlier
	region string // key of a regionDefs entry
	// weight is how many cadres the unit sends (dispatching units) or
	// receives (host units), relative to the others.
	weight int
	// posts are the host posts a cadre may hold; a repeated title is more
	// likely. Empty for dispatching units.
	posts []string
}

var (
	deputyDirector = []string{"副主任", "副主任", "副主任", "主任助理"}
	deputyHead     = []string{"副局长", "副局长", "副局长", "局长助理"}
	deputyCounty   = []string{"副县长", "副县长", "副县长", "县长助理"}
	deputyDistrict = []string{"副区长", "副区长", "副区长", "区长助理"}
	deputyMayor    = []string{"副市长", "副市长", "副市长", "市长助理"}
)

// dispatchingDefs are the units that send cadres, covering every kind but
// LOCAL_GOVERNMENT.
var dispatchingDefs = []unitDef{
	{"国家发展和改革委员会", "National Development and Reform Commission", "国家发展改革委", graph.UnitCentralAgency, "", "xicheng", 5, nil},
	{"工业和信息化部", "Ministry of Industry and Information Technology", "工信部", graph.UnitCentralAgency, "", "xicheng", 4, nil},
	{"科学技术部", "Ministry of Science and Technology", "科技部", graph.UnitCentralAgency, "", "haidian", 4, nil},
	{"商务部", "Ministry of Commerce", "", graph.UnitCentralAgency, "", "dongcheng", 3, nil},
	{"财政部", "Ministry of Finance", "", graph.UnitCentralAgency, "", "xicheng", 2, nil},
	{"农业农村部", "Ministry of Agriculture and Rural Affairs", "", graph.UnitCentralAgency, "", "chaoyang", 3, nil},
	{"生态环境部", "Ministry of Ecology and Environment", "", graph.UnitCentralAgency, "", "xicheng", 1, nil},
	{"交通运输部", "Ministry of Transport", "", graph.UnitCentralAgency, "", "dongcheng", 1, nil},
	{"国家能源局", "National Energy Administration", "", graph.UnitCentralAgency, "国家发展和改革委员会", "xicheng", 2, nil},
	{"国务院国有资产监督管理委员会", "State-owned Assets Supervision and Administration Commission of the State Council", "国务院国资委", graph.UnitCentralAgency, "", "xicheng", 2, nil},

	{"河北省发展和改革委员会", "Development and Reform Commission of Hebei Province", "河北省发展改革委", graph.UnitProvincialAgency, "", "shijiazhuang", 3, nil},
	{"河北省科学技术厅", "Department of Science and Technology of Hebei Province", "河北省科技厅", graph.UnitProvincialAgency, "", "shijiazhuang", 2, nil},
	{"河北省商务厅", "Department of Commerce of Hebei Province", "", graph.UnitProvincialAgency, "", "shijiazhuang", 2, nil},
	{"河北省工业和信息化厅", "Department of Industry and Information Technology of Hebei Province", "河北省工信厅", graph.UnitProvincialAgency, "", "shijiazhuang", 2, nil},
	{"河北省财政厅", "Department of Finance of Hebei Province", "", graph.UnitProvincialAgency, "", "shijiazhuang", 1, nil},
	{"河北省农业农村厅", "Department of Agriculture and Rural Affairs of Hebei Province", "", graph.UnitProvincialAgency, "", "shijiazhuang", 1, nil},

	{"北京市科学技术委员会", "Beijing Municipal Science and Technology Commission", "北京市科委", graph.UnitBeijingTianjinAgency, "", "haidian", 4, nil},
	{"北京市发展和改革委员会", "Beijing Municipal Commission of Development and Reform", "北京市发展改革委", graph.UnitBeijingTianjinAgency, "", "tongzhou", 3, nil},
	{"北京市经济和信息化局", "Beijing Municipal Bureau of Economy and Information Technology", "北京市经信局", graph.UnitBeijingTianjinAgency, "", "tongzhou", 2, nil},
	{"北京市商务局", "Beijing Municipal Commerce Bureau", "", graph.UnitBeijingTianjinAgency, "", "tongzhou", 2, nil},
	{"北京市海淀区人民政府", "People's Government of Haidian District, Beijing", "海淀区政府", graph.UnitBeijingTianjinAgency, "", "haidian", 1, nil},
	{"天津市商务局", "Tianjin Municipal Commission of Commerce", "", graph.UnitBeijingTianjinAgency, "", "heping", 2, nil},
	{"天津市科学技术局", "Tianjin Municipal Science and Technology Bureau", "天津市科技局", graph.UnitBeijingTianjinAgency, "", "heping", 2, nil},
	{"天津市发展和改革委员会", "Tianjin Municipal Development and Reform Commission", "天津市发展改革委", graph.UnitBeijingTianjinAgency, "", "heping", 1, nil},
	{"天津市滨海新区人民政府", "People's Government of Binhai New Area, Tianjin", "滨海新区政府", graph.UnitBeijingTianjinAgency, "", "binhai", 1, nil},

	{"中国石油化工集团有限公司", "China Petrochemical Corporation", "中国石化", graph.UnitStateOwnedEnterprise, "", "chaoyang", 2, nil},
	{"国家电网有限公司", "State Grid Corporation of China", "国家电网", graph.UnitStateOwnedEnterprise, "", "xicheng", 3, nil},
	{"国网河北省电力有限公司", "State Grid Hebei Electric Power Co., Ltd.", "国网河北电力", graph.UnitStateOwnedEnterprise, "国家电网有限公司", "shijiazhuang", 2, nil},
	{"中国中化控股有限责任公司", "Sinochem Holdings Corporation Ltd.", "中国中化", graph.UnitStateOwnedEnterprise, "", "xicheng", 1, nil},
	{"中国建筑集团有限公司", "China State Construction Engineering Corporation", "中国建筑", graph.UnitStateOwnedEnterprise, "", "haidian", 2, nil},
	{"中国中车集团有限公司", "CRRC Group Co., Ltd.", "中国中车", graph.UnitStateOwnedEnterprise, "", "haidian", 1, nil},
	{"中国电子科技集团有限公司", "China Electronics Technology Group Corporation", "中国电科", graph.UnitStateOwnedEnterprise, "", "haidian", 2, nil},
	{"中国华能集团有限公司", "China Huaneng Group Co., Ltd.", "中国华能", graph.UnitStateOwnedEnterprise, "", "xicheng", 1, nil},
	{"中国移动通信集团有限公司", "China Mobile Communications Group Co., Ltd.", "中国移动", graph.UnitStateOwnedEnterprise, "", "xicheng", 1, nil},

	{"国家开发银行", "China Development Bank", "国开行", graph.UnitFinancialInstitution, "", "xicheng", 1, nil},
	{"国家开发银行河北省分行", "China Development Bank Hebei Branch", "国开行河北分行", graph.UnitFinancialInstitution, "国家开发银行", "shijiazhuang", 3, nil},
	{"中国工商银行股份有限公司", "Industrial and Commercial Bank of China Limited", "工商银行", graph.UnitFinancialInstitution, "", "xicheng", 1, nil},
	{"中国工商银行河北省分行", "Industrial and Commercial Bank of China Hebei Branch", "工行河北分行", graph.UnitFinancialInstitution, "中国工商银行股份有限公司", "shijiazhuang", 2, nil},
	{"中国工商银行保定分行", "Industrial and Commercial Bank of China Baoding Branch", "工行保定分行", graph.UnitFinancialInstitution, "中国工商银行河北省分行", "lianchi", 1, nil},
	{"中国农业发展银行", "Agricultural Development Bank of China", "农发行", graph.UnitFinancialInstitution, "", "xicheng", 2, nil},
	{"中国建设银行股份有限公司", "China Construction Bank Corporation", "建设银行", graph.UnitFinancialInstitution, "", "xicheng", 1, nil},
	{"中国建设银行河北省分行", "China Construction Bank Hebei Branch", "建行河北分行", graph.UnitFinancialInstitution, "中国建设银行股份有限公司", "shijiazhuang", 2, nil},

	{"清华大学", "Tsinghua University", "清华", graph.UnitUniversity, "", "haidian", 4, nil},
	{"北京大学", "Peking University", "北大", graph.UnitUniversity, "", "haidian", 3, nil},
	{"天津大学", "Tianjin University", "天大", graph.UnitUniversity, "", "nankai", 3, nil},
	{"南开大学", "Nankai University", "南开", graph.UnitUniversity, "", "nankai", 2, nil},
	{"河北大学", "Hebei University", "河大", graph.UnitUniversity, "", "lianchi", 2, nil},
	{"华北电力大学", "North China Electric Power University", "华北电力大学", graph.UnitUniversity, "", "changping", 2, nil},
	{"中国农业大学", "China Agricultural University", "中国农大", graph.UnitUniversity, "", "haidian", 2, nil},
	{"北京理工大学", "Beijing Institute of Technology", "北理工", graph.UnitUniversity, "", "haidian", 1, nil},

	{"中国科学院", "Chinese Academy of Sciences", "中科院", graph.UnitResearchInstitute, "", "xicheng", 2, nil},
	{"中国科学院自动化研究所", "Institute of Automation, Chinese Academy of Sciences", "中科院自动化所", graph.UnitResearchInstitute, "中国科学院", "haidian", 2, nil},
	{"中国农业科学院", "Chinese Academy of Agricultural Sciences", "中国农科院", graph.UnitResearchInstitute, "", "haidian", 2, nil},
	{"北京市农林科学院", "Beijing Academy of Agriculture and Forestry Sciences", "北京农林科学院", graph.UnitResearchInstitute, "", "haidian", 1, nil},
	{"河北省科学院", "Hebei Academy of Sciences", "", graph.UnitResearchInstitute, "", "shijiazhuang", 1, nil},

	{"中国国际贸易促进委员会", "China Council for the Promotion of International Trade", "中国贸促会", graph.UnitOther, "", "xicheng", 2, nil},
	{"中华全国工商业联合会", "All-China Federation of Industry and Commerce", "全国工商联", graph.UnitOther, "", "xicheng", 1, nil},
	{"中国科学技术协会", "China Association for Science and Technology", "中国科协", graph.UnitOther, "", "haidian", 1, nil},
	{"北京市工商业联合会", "Beijing Federation of Industry and Commerce", "北京市工商联", graph.UnitOther, "", "dongcheng", 1, nil},
}

// cityGovernment is the parent of the city's own departments.
const cityGovernment = "保定市人民政府"

// hostDefs are the host units of the city. The district and county
// governments are added from regionDefs by countyGovernments.
var hostDefs = []unitDef{
	{cityGovernment, "Baoding Municipal People's Government", "保定市政府", graph.UnitLocalGovernment, "", "baoding", 1, []string{"副秘书长"}},
	{"中共保定市委组织部", "Organization Department of the CPC Baoding Municipal Committee", "保定市委组织部", graph.UnitLocalGovernment, "", "baoding", 1, []string{"副部长"}},
	{"保定市发展和改革委员会", "Baoding Municipal Development and Reform Commission", "保定市发展改革委", graph.UnitLocalGovernment, cityGovernment, "baoding", 4, deputyDirector},
	{"保定市商务局", "Baoding Municipal Bureau of Commerce", "", graph.UnitLocalGovernment, cityGovernment, "baoding", 3, deputyHead},
	{"保定市科学技术局", "Baoding Municipal Science and Technology Bureau", "保定市科技局", graph.UnitLocalGovernment, cityGovernment, "baoding", 3, deputyHead},
	{"保定市工业和信息化局", "Baoding Municipal Bureau of Industry and Information Technology", "保定市工信局", graph.UnitLocalGovernment, cityGovernment, "baoding", 3, deputyHead},
	{"保定市财政局", "Baoding Municipal Finance Bureau", "", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyHead},
	{"保定市农业农村局", "Baoding Municipal Bureau of Agriculture and Rural Affairs", "", graph.UnitLocalGovernment, cityGovernment, "baoding", 2, deputyHead},
	{"保定市自然资源和规划局", "Baoding Municipal Bureau of Natural Resources and Planning", "保定市自然资源规划局", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyHead},
	{"保定市文化广电和旅游局", "Baoding Municipal Bureau of Culture, Radio, Television and Tourism", "保定市文广旅局", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyHead},
	{"保定市生态环境局", "Baoding Municipal Ecology and Environment Bureau", "", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyHead},
	{"保定市卫生健康委员会", "Baoding Municipal Health Commission", "保定市卫健委", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyDirector},
	{"保定市教育局", "Baoding Municipal Education Bureau", "", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyHead},
	{"保定市住房和城乡建设局", "Baoding Municipal Bureau of Housing and Urban-Rural Development", "保定市住建局", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyHead},
	{"保定市人民政府国有资产监督管理委员会", "State-owned Assets Supervision and Administration Commission of Baoding Municipal Government", "保定市国资委", graph.UnitLocalGovernment, cityGovernment, "baoding", 1, deputyDirector},
	{"保定高新技术产业开发区管理委员会", "Administrative Committee of Baoding National High-tech Industrial Development Zone", "保定高新区管委会", graph.UnitLocalGovernment, cityGovernment, "jingxiu", 4, deputyDirector},
	{"白沟新城管理委员会", "Administrative Committee of Baigou New City", "白沟新城管委会", graph.UnitLocalGovernment, "", "gaobeidian", 1, deputyDirector},
}

// countyGovernments returns the people's government of every district,
// county and county-level city of Baoding: the host units of 副区长,
// 副县长 and 副市长 posts.
func countyGovernments() []unitDef {
	var defs []unitDef
	for _, r := range regionDefs {
		if r.parent != "baoding" {
			continue
		}
		posts := deputyCounty
		switch {
		case r.level == graph.RegionDistrict:
			posts = deputyDistrict
		case lastRune(r.name) == '市':
			posts = deputyMayor
		}
		defs = append(defs, unitDef{
			name:   r.name + "人民政府",
			nameEn: r.nameEn + " People's Government",
			short:  r.name + "政府",
			kind:   graph.UnitLocalGovernment,
			region: r.key,
			weight: 2,
			posts:  posts,
		})
	}
	return defs
}

// subUnit is a department that Scale adds under a listed unit when it needs
// more units than the tables hold.
type subUnit struct{ zh, en string }

// subUnits are the departments of each kind of dispatching unit.
var subUnits = map[graph.UnitKind][]subUnit{
	graph.UnitCentralAgency: {
		{"办公厅", "General Office"}, {"政策研究室", "Policy Research Office"}, {"发展规划司", "Department of Development Planning"},
		{"产业发展司", "Department of Industrial Development"}, {"科技司", "Department of Science and Technology"},
		{"财务司", "Department of Finance"}, {"国际合作司", "Department of International Cooperation"},
		{"区域协调司", "Department of Regional Coordination"},
	},
	graph.UnitProvincialAgency: {
		{"办公室", "General Office"}, {"规划处", "Planning Division"}, {"产业处", "Industry Division"},
		{"综合处", "Comprehensive Division"}, {"合作交流处", "Cooperation Division"},
	},
	graph.UnitBeijingTianjinAgency: {
		{"办公室", "General Office"}, {"规划处", "Planning Division"}, {"产业处", "Industry Division"},
		{"区域合作处", "Regional Cooperation Division"}, {"综合处", "Comprehensive Division"},
	},
	graph.UnitStateOwnedEnterprise: {
		{"战略投资部", "Strategic Investment Department"}, {"科技创新部", "Technology Innovation Department"},
		{"河北分公司", "Hebei Branch"}, {"华北研究院", "North China Research Institute"}, {"规划发展部", "Planning Department"},
	},
	graph.UnitFinancialInstitution: {
		{"公司业务部", "Corporate Banking Department"}, {"普惠金融事业部", "Inclusive Finance Department"},
		{"投资银行部", "Investment Banking Department"}, {"风险管理部", "Risk Management Department"},
	},
	graph.UnitUniversity: {
		{"经济管理学院", "School of Economics and Management"}, {"材料学院", "School of Materials"},
		{"环境学院", "School of Environment"}, {"计算机学院", "School of Computer Science"},
		{"农学院", "College of Agronomy"}, {"技术转移研究院", "Institute for Technology Transfer"},
	},
	graph.UnitResearchInstitute: {
		{"科技成果转化中心", "Technology Transfer Center"}, {"能源研究中心", "Energy Research Center"},
		{"生物技术研究中心", "Biotechnology Research Center"}, {"信息技术研究中心", "Information Technology Research Center"},
	},
	graph.UnitOther: {
		{"联络部", "Liaison Department"}, {"经济技术部", "Economic and Technical Department"}, {"会员服务部", "Member Services Department"},
	},
}

// countyDepartments are the departments Scale adds under district and
// county governments as further host units.
var countyDepartments = []subUnit{
	{"发展和改革局", "Development and Reform Bureau"}, {"商务局", "Bureau of Commerce"},
	{"科学技术局", "Science and Technology Bureau"}, {"工业和信息化局", "Bureau of Industry and Information Technology"},
	{"农业农村局", "Bureau of Agriculture and Rural Affairs"}, {"文化广电和旅游局", "Bureau of Culture, Radio, Television and Tourism"},
	{"自然资源和规划局", "Bureau of Natural Resources and Planning"}, {"财政局", "Finance Bureau"},
}
