package seed

import "github.com/liaison/liaison/graph"

// zhEn is a Chinese word with its English (for names: pinyin) form.
type zhEn struct{ zh, en string }

// surnames are common single-character surnames. Characters with a special
// surname reading are in specialSurnames instead, with that reading.
var surnames = []zhEn{
	{"王", "Wang"}, {"李", "Li"}, {"张", "Zhang"}, {"刘", "Liu"}, {"陈", "Chen"}, {"杨", "Yang"}, {"赵", "Zhao"},
	{"黄", "Huang"}, {"周", "Zhou"}, {"吴", "Wu"}, {"徐", "Xu"}, {"孙", "Sun"}, {"胡", "Hu"}, {"朱", "Zhu"},
	{"高", "Gao"}, {"林", "Lin"}, {"何", "He"}, {"郭", "Guo"}, {"马", "Ma"}, {"罗", "Luo"}, {"梁", "Liang"},
	{"宋", "Song"}, {"郑", "Zheng"}, {"谢", "Xie"}, {"韩", "Han"}, {"唐", "Tang"}, {"冯", "Feng"}, {"于", "Yu"},
	{"董", "Dong"}, {"萧", "Xiao"}, {"程", "Cheng"}, {"曹", "Cao"}, {"袁", "Yuan"}, {"邓", "Deng"}, {"许", "Xu"},
	{"傅", "Fu"}, {"沈", "Shen"}, {"彭", "Peng"}, {"苏", "Su"}, {"卢", "Lu"}, {"蒋", "Jiang"}, {"蔡", "Cai"},
	{"贾", "Jia"}, {"丁", "Ding"}, {"魏", "Wei"}, {"薛", "Xue"}, {"叶", "Ye"}, {"阎", "Yan"}, {"余", "Yu"},
	{"潘", "Pan"}, {"杜", "Du"}, {"戴", "Dai"}, {"夏", "Xia"}, {"钟", "Zhong"}, {"汪", "Wang"}, {"田", "Tian"},
	{"任", "Ren"}, {"姜", "Jiang"}, {"范", "Fan"}, {"方", "Fang"}, {"石", "Shi"}, {"姚", "Yao"}, {"谭", "Tan"},
	{"廖", "Liao"}, {"邹", "Zou"}, {"熊", "Xiong"}, {"金", "Jin"}, {"陆", "Lu"}, {"郝", "Hao"}, {"孔", "Kong"},
	{"白", "Bai"}, {"崔", "Cui"}, {"康", "Kang"}, {"毛", "Mao"}, {"邱", "Qiu"}, {"秦", "Qin"}, {"江", "Jiang"},
	{"史", "Shi"}, {"顾", "Gu"}, {"侯", "Hou"}, {"邵", "Shao"}, {"孟", "Meng"}, {"龙", "Long"}, {"万", "Wan"},
	{"段", "Duan"}, {"雷", "Lei"}, {"钱", "Qian"}, {"汤", "Tang"}, {"尹", "Yin"}, {"黎", "Li"}, {"易", "Yi"},
	{"常", "Chang"}, {"武", "Wu"}, {"乔", "Qiao"}, {"贺", "He"}, {"赖", "Lai"}, {"龚", "Gong"}, {"文", "Wen"},
}

// specialSurnames are surnames whose reading differs from the character's
// common one, and compound surnames: the demo includes each of them, so
// that pinyin search is exercised on them.
var specialSurnames = []zhEn{
	{"曾", "Zeng"}, {"单", "Shan"}, {"解", "Xie"}, {"仇", "Qiu"}, {"区", "Ou"}, {"查", "Zha"},
	{"欧阳", "Ouyang"}, {"司马", "Sima"}, {"诸葛", "Zhuge"}, {"尉迟", "Yuchi"},
}

// Given-name characters, each with one unambiguous reading. None starts
// with a, o or e, so that joined syllables need no apostrophe.
var (
	maleGiven = []zhEn{
		{"伟", "wei"}, {"强", "qiang"}, {"磊", "lei"}, {"军", "jun"}, {"洋", "yang"}, {"勇", "yong"}, {"杰", "jie"},
		{"涛", "tao"}, {"明", "ming"}, {"超", "chao"}, {"刚", "gang"}, {"平", "ping"}, {"建", "jian"}, {"国", "guo"},
		{"文", "wen"}, {"志", "zhi"}, {"海", "hai"}, {"宇", "yu"}, {"浩", "hao"}, {"鹏", "peng"}, {"辉", "hui"},
		{"博", "bo"}, {"凯", "kai"}, {"毅", "yi"}, {"峰", "feng"}, {"斌", "bin"}, {"晓", "xiao"}, {"东", "dong"},
		{"振", "zhen"}, {"立", "li"}, {"松", "song"}, {"林", "lin"}, {"森", "sen"}, {"卫", "wei"}, {"远", "yuan"},
		{"航", "hang"}, {"帆", "fan"}, {"鑫", "xin"}, {"瑞", "rui"}, {"庆", "qing"}, {"德", "de"}, {"光", "guang"},
		{"亮", "liang"}, {"旭", "xu"}, {"昊", "hao"}, {"俊", "jun"}, {"哲", "zhe"}, {"然", "ran"}, {"成", "cheng"},
		{"启", "qi"}, {"铭", "ming"}, {"轩", "xuan"}, {"新", "xin"}, {"永", "yong"}, {"春", "chun"}, {"天", "tian"},
		{"云", "yun"}, {"岩", "yan"}, {"彬", "bin"}, {"晨", "chen"}, {"江", "jiang"}, {"山", "shan"}, {"宏", "hong"},
	}
	femaleGiven = []zhEn{
		{"芳", "fang"}, {"娜", "na"}, {"敏", "min"}, {"静", "jing"}, {"丽", "li"}, {"艳", "yan"}, {"娟", "juan"},
		{"秀", "xiu"}, {"霞", "xia"}, {"英", "ying"}, {"华", "hua"}, {"慧", "hui"}, {"佳", "jia"}, {"婷", "ting"},
		{"琳", "lin"}, {"颖", "ying"}, {"倩", "qian"}, {"欣", "xin"}, {"悦", "yue"}, {"思", "si"}, {"雨", "yu"},
		{"晨", "chen"}, {"涵", "han"}, {"嘉", "jia"}, {"梅", "mei"}, {"兰", "lan"}, {"玉", "yu"}, {"红", "hong"},
		{"丹", "dan"}, {"宁", "ning"}, {"蕾", "lei"}, {"薇", "wei"}, {"怡", "yi"}, {"雪", "xue"}, {"莉", "li"},
		{"洁", "jie"}, {"燕", "yan"}, {"萍", "ping"}, {"晓", "xiao"}, {"春", "chun"}, {"文", "wen"}, {"云", "yun"},
		{"晗", "han"}, {"月", "yue"}, {"璐", "lu"}, {"瑶", "yao"}, {"琪", "qi"}, {"诗", "shi"}, {"馨", "xin"},
	}
)

// Expertise fields, grouped by the kind of organization whose people hold
// them.
var (
	expertiseGovernment = []string{"产业规划", "招商引资", "政策研究", "区域协同发展", "营商环境", "城市规划", "乡村振兴", "数字经济", "国际贸易", "财政金融", "生态环保", "基础设施"}
	expertiseEnterprise = []string{"电力能源", "新能源", "智能制造", "基础设施", "氢能", "产业投资", "工程管理", "数字经济"}
	expertiseFinance    = []string{"科技金融", "金融风控", "产业基金", "投融资", "绿色金融", "普惠金融"}
	expertiseScience    = []string{"人工智能", "新材料", "生物医药", "集成电路", "现代农业", "科技成果转化", "生态环保", "新能源", "知识产权", "高等教育"}
	expertiseLocal      = []string{"招商引资", "乡村振兴", "城市规划", "文化旅游", "营商环境", "产业规划", "现代农业", "项目管理"}
)

// expertiseOf returns the expertise pool of people of a unit kind.
func expertiseOf(k graph.UnitKind) []string {
	switch k {
	case graph.UnitStateOwnedEnterprise:
		return expertiseEnterprise
	case graph.UnitFinancialInstitution:
		return expertiseFinance
	case graph.UnitUniversity, graph.UnitResearchInstitute:
		return expertiseScience
	case graph.UnitLocalGovernment:
		return expertiseLocal
	}
	return expertiseGovernment
}

// memberTitlesOf returns the ordinary titles people hold at a unit of kind
// k. No title is the unique head of a real organization.
func memberTitlesOf(k graph.UnitKind) []string {
	switch k {
	case graph.UnitStateOwnedEnterprise:
		return []string{"部门经理", "高级工程师", "项目经理", "高级经济师"}
	case graph.UnitFinancialInstitution:
		return []string{"客户经理", "高级经理", "风险经理", "部门副总经理"}
	case graph.UnitUniversity:
		return []string{"教授", "副教授", "研究员", "副研究员", "讲师"}
	case graph.UnitResearchInstitute:
		return []string{"研究员", "副研究员", "高级工程师", "助理研究员"}
	case graph.UnitLocalGovernment:
		return []string{"科长", "副科长", "一级主任科员", "四级调研员", "办公室副主任", "招商科科长", "项目办主任"}
	}
	return []string{"处长", "副处长", "一级调研员", "二级调研员", "一级主任科员"}
}

var (
	chairTitles = []string{"董事长", "总经理"}
	execTitles  = []string{"副总经理", "副总经理", "投资总监", "技术总监", "财务总监", "董事会秘书", "总经理助理"}
)

// industry is a company's industry, with the word that names such a
// company.
type industry struct {
	name string // Company.Industry
	word zhEn   // in the company name: 保定华信新能源科技有限公司
}

var industries = []industry{
	{"新能源", zhEn{"新能源科技", "New Energy Technology"}},
	{"电力装备", zhEn{"电气设备", "Electrical Equipment"}},
	{"生物医药", zhEn{"生物医药", "Biopharmaceutical"}},
	{"中药材", zhEn{"药业", "Pharmaceutical"}},
	{"智能制造", zhEn{"智能装备", "Intelligent Equipment"}},
	{"汽车及零部件", zhEn{"汽车零部件", "Auto Parts"}},
	{"数字经济", zhEn{"数字科技", "Digital Technology"}},
	{"新材料", zhEn{"新材料科技", "New Materials Technology"}},
	{"现代农业", zhEn{"农业发展", "Agricultural Development"}},
	{"食品加工", zhEn{"食品", "Food"}},
	{"文化旅游", zhEn{"文化旅游发展", "Culture and Tourism Development"}},
	{"纺织服装", zhEn{"纺织", "Textile"}},
	{"箱包皮具", zhEn{"箱包", "Luggage"}},
	{"节能环保", zhEn{"环保科技", "Environmental Technology"}},
	{"氢能", zhEn{"氢能科技", "Hydrogen Energy Technology"}},
	{"现代物流", zhEn{"供应链管理", "Supply Chain Management"}},
	{"医疗器械", zhEn{"医疗器械", "Medical Devices"}},
	{"新型建材", zhEn{"新型建材", "New Building Materials"}},
	{"石雕工艺", zhEn{"雕刻艺术", "Carving Arts"}},
	{"集成电路", zhEn{"微电子", "Microelectronics"}},
	{"食用菌", zhEn{"食用菌", "Edible Fungi"}},
	{"皮毛制品", zhEn{"皮革制品", "Leather Products"}},
	{"塑料包装", zhEn{"塑料包装", "Plastic Packaging"}},
	{"造纸", zhEn{"纸业", "Paper"}},
}

// brands are the invented trade names of the fictional companies.
var brands = []zhEn{
	{"华信", "Huaxin"}, {"中鼎", "Zhongding"}, {"恒远", "Hengyuan"}, {"瑞丰", "Ruifeng"}, {"博润", "Borun"},
	{"京保", "Jingbao"}, {"冀通", "Jitong"}, {"腾越", "Tengyue"}, {"汇智", "Huizhi"}, {"宏泰", "Hongtai"},
	{"安和", "Anhe"}, {"鑫源", "Xinyuan"}, {"德润", "Derun"}, {"正元", "Zhengyuan"}, {"凯瑞", "Kairui"},
	{"金泽", "Jinze"}, {"远航", "Yuanhang"}, {"清源", "Qingyuan"}, {"绿洲", "Lvzhou"}, {"易达", "Yida"},
	{"同创", "Tongchuang"}, {"新禾", "Xinhe"}, {"嘉和", "Jiahe"}, {"广联", "Guanglian"}, {"宇辰", "Yuchen"},
	{"启明", "Qiming"}, {"卓越", "Zhuoyue"}, {"弘毅", "Hongyi"}, {"丰泽", "Fengze"}, {"通达", "Tongda"},
	{"融信", "Rongxin"}, {"智联", "Zhilian"}, {"科瑞", "Kerui"}, {"昊天", "Haotian"}, {"万成", "Wancheng"},
	{"燕赵", "Yanzhao"}, {"直隶", "Zhili"}, {"古城", "Gucheng"}, {"白洋", "Baiyang"}, {"太行", "Taihang"},
	{"易水", "Yishui"}, {"拒马", "Juma"}, {"冀中", "Jizhong"}, {"津保", "Jinbao"}, {"北辰", "Beichen"},
}

// projectTheme is a theme of a project kind with the suffix that names it.
type projectTheme struct {
	theme  zhEn
	suffix zhEn
}

// projectThemes name projects of every kind but INVESTMENT, whose names
// come from their lead investor.
var projectThemes = map[graph.ProjectKind][]projectTheme{
	graph.ProjectFunding: {
		{zhEn{"乡村振兴衔接", "Rural Revitalization"}, zhEn{"专项资金", "Special Fund"}},
		{zhEn{"高标准农田建设", "High-standard Farmland"}, zhEn{"专项资金", "Special Fund"}},
		{zhEn{"农村饮水安全巩固提升", "Rural Drinking Water Safety"}, zhEn{"补助资金", "Subsidy"}},
		{zhEn{"老旧小区改造", "Old Residential Area Renovation"}, zhEn{"补助资金", "Subsidy"}},
		{zhEn{"中小企业数字化转型", "SME Digital Transformation"}, zhEn{"专项资金", "Special Fund"}},
		{zhEn{"县域商业体系建设", "County Commercial System"}, zhEn{"专项资金", "Special Fund"}},
		{zhEn{"文旅融合发展", "Culture and Tourism Integration"}, zhEn{"专项资金", "Special Fund"}},
		{zhEn{"生态保护修复", "Ecological Restoration"}, zhEn{"中央预算内投资", "Central Budget Investment"}},
		{zhEn{"冬季清洁取暖", "Clean Winter Heating"}, zhEn{"补助资金", "Subsidy"}},
		{zhEn{"职业教育提质", "Vocational Education Upgrade"}, zhEn{"专项资金", "Special Fund"}},
	},
	graph.ProjectTechnology: {
		{zhEn{"氢燃料电池", "Hydrogen Fuel Cell"}, zhEn{"技术攻关项目", "R&D Project"}},
		{zhEn{"光伏储能", "Photovoltaic Storage"}, zhEn{"成果转化项目", "Technology Transfer Project"}},
		{zhEn{"智能电网", "Smart Grid"}, zhEn{"示范项目", "Demonstration Project"}},
		{zhEn{"盐碱地改良", "Saline Land Improvement"}, zhEn{"技术示范项目", "Technology Demonstration"}},
		{zhEn{"中药材溯源", "Herbal Medicine Traceability"}, zhEn{"技术合作项目", "Technology Cooperation"}},
		{zhEn{"工业互联网", "Industrial Internet"}, zhEn{"应用示范项目", "Application Demonstration"}},
		{zhEn{"节水灌溉", "Water-saving Irrigation"}, zhEn{"技术推广项目", "Technology Extension"}},
		{zhEn{"农村污水处理", "Rural Wastewater Treatment"}, zhEn{"技术示范项目", "Technology Demonstration"}},
	},
	graph.ProjectTalent: {
		{zhEn{"博士后科研", "Postdoctoral Research"}, zhEn{"工作站", "Workstation"}},
		{zhEn{"院士专家", "Academician Expert"}, zhEn{"工作站", "Workstation"}},
		{zhEn{"高层次人才", "High-level Talent"}, zhEn{"引进计划", "Recruitment Program"}},
		{zhEn{"青年科技人才", "Young Scientist"}, zhEn{"驿站", "Station"}},
		{zhEn{"乡村振兴人才", "Rural Revitalization Talent"}, zhEn{"培训基地", "Training Base"}},
	},
	graph.ProjectPlatform: {
		{zhEn{"京津冀协同创新", "Beijing-Tianjin-Hebei Collaborative Innovation"}, zhEn{"中心", "Center"}},
		{zhEn{"科技企业", "Technology Enterprise"}, zhEn{"孵化器", "Incubator"}},
		{zhEn{"新材料中试", "New Materials Pilot"}, zhEn{"基地", "Base"}},
		{zhEn{"产业技术", "Industrial Technology"}, zhEn{"研究院", "Research Institute"}},
		{zhEn{"数字经济", "Digital Economy"}, zhEn{"产业园", "Industrial Park"}},
		{zhEn{"跨境电商", "Cross-border E-commerce"}, zhEn{"服务平台", "Service Platform"}},
		{zhEn{"检验检测", "Inspection and Testing"}, zhEn{"中心", "Center"}},
	},
	graph.ProjectPolicy: {
		{zhEn{"数字乡村", "Digital Village"}, zhEn{"试点", "Pilot"}},
		{zhEn{"绿色金融改革", "Green Finance Reform"}, zhEn{"试点", "Pilot"}},
		{zhEn{"县域医共体建设", "County Medical Alliance"}, zhEn{"试点", "Pilot"}},
		{zhEn{"营商环境创新", "Business Environment Innovation"}, zhEn{"试点", "Pilot"}},
		{zhEn{"知识产权强县建设", "Intellectual Property County"}, zhEn{"试点", "Pilot"}},
		{zhEn{"服务业扩大开放", "Service Industry Opening-up"}, zhEn{"综合试点", "Comprehensive Pilot"}},
	},
}

// investmentSuffixes name investment projects after their lead investor.
var investmentSuffixes = []zhEn{
	{"生产基地项目", "Production Base"}, {"产业园项目", "Industrial Park"}, {"研发中心项目", "R&D Center"},
	{"智能工厂项目", "Smart Factory"}, {"扩产项目", "Expansion"}, {"总部基地项目", "Headquarters Base"},
}

// industrySuffixes replace investmentSuffixes for industries without
// factories.
var industrySuffixes = map[string][]zhEn{
	"文化旅游": {{"文旅综合体项目", "Culture and Tourism Complex"}, {"景区提升项目", "Scenic Area Upgrade"}, {"康养度假区项目", "Wellness Resort"}},
	"现代农业": {{"现代农业产业园项目", "Modern Agriculture Park"}, {"种植基地项目", "Planting Base"}, {"冷链物流中心项目", "Cold Chain Logistics Center"}},
	"食用菌":  {{"种植基地项目", "Planting Base"}, {"精深加工项目", "Deep Processing Plant"}},
	"中药材":  {{"种植基地项目", "Planting Base"}, {"中药饮片生产项目", "Herbal Pieces Plant"}},
	"现代物流": {{"物流园项目", "Logistics Park"}, {"仓储中心项目", "Warehousing Center"}},
}

// projectKindWeights is how often each kind occurs, in the order of
// graph.ProjectKinds.
var projectKindWeights = []int{35, 20, 15, 8, 12, 10}

// supportNotes says what a dispatching unit gave a project of a kind.
var supportNotes = map[graph.ProjectKind]string{
	graph.ProjectInvestment: "招商对接",
	graph.ProjectFunding:    "资金支持",
	graph.ProjectTechnology: "技术支持",
	graph.ProjectTalent:     "人才支持",
	graph.ProjectPlatform:   "平台共建",
	graph.ProjectPolicy:     "政策支持",
}

// projectKindNames are the Chinese names of project kinds, for descriptions.
var projectKindNames = map[graph.ProjectKind]string{
	graph.ProjectInvestment: "产业投资",
	graph.ProjectFunding:    "资金争取",
	graph.ProjectTechnology: "科技合作",
	graph.ProjectTalent:     "人才引进",
	graph.ProjectPlatform:   "平台建设",
	graph.ProjectPolicy:     "政策试点",
}
