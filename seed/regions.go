package seed

import "github.com/liaison/liaison/graph"

// area groups regions by where the people of a unit live: Beijing, Tianjin,
// Shijiazhuang (the provincial capital, seat of the provincial agencies) or
// the host city Baoding.
type area int

const (
	areaNone area = iota
	areaBeijing
	areaTianjin
	areaShijiazhuang
	areaBaoding
)

// regionDef is one real administrative region. Codes are the national
// 6-digit administrative division codes.
type regionDef struct {
	key    string // internal handle used by the unit tables
	name   string
	nameEn string
	code   string
	level  graph.RegionLevel
	parent string // key of the parent region
	area   area
}

// regionDefs lists the regions of the data sets, parents before children.
// Beijing and Tianjin are province-level municipalities, so their districts
// hang directly under them. County-level cities (涿州市, 安国市, 高碑店市)
// are at level COUNTY.
var regionDefs = []regionDef{
	{"hebei", "河北省", "Hebei Province", "130000", graph.RegionProvince, "", areaNone},
	{"beijing", "北京市", "Beijing", "110000", graph.RegionProvince, "", areaBeijing},
	{"tianjin", "天津市", "Tianjin", "120000", graph.RegionProvince, "", areaTianjin},
	{"shijiazhuang", "石家庄市", "Shijiazhuang", "130100", graph.RegionCity, "hebei", areaShijiazhuang},
	{"baoding", "保定市", "Baoding", "130600", graph.RegionCity, "hebei", areaBaoding},

	{"jingxiu", "竞秀区", "Jingxiu District", "130602", graph.RegionDistrict, "baoding", areaBaoding},
	{"lianchi", "莲池区", "Lianchi District", "130606", graph.RegionDistrict, "baoding", areaBaoding},
	{"mancheng", "满城区", "Mancheng District", "130607", graph.RegionDistrict, "baoding", areaBaoding},
	{"qingyuan", "清苑区", "Qingyuan District", "130608", graph.RegionDistrict, "baoding", areaBaoding},
	{"xushui", "徐水区", "Xushui District", "130609", graph.RegionDistrict, "baoding", areaBaoding},
	{"laishui", "涞水县", "Laishui County", "130623", graph.RegionCounty, "baoding", areaBaoding},
	{"fuping", "阜平县", "Fuping County", "130624", graph.RegionCounty, "baoding", areaBaoding},
	{"dingxing", "定兴县", "Dingxing County", "130626", graph.RegionCounty, "baoding", areaBaoding},
	{"tangxian", "唐县", "Tang County", "130627", graph.RegionCounty, "baoding", areaBaoding},
	{"gaoyang", "高阳县", "Gaoyang County", "130628", graph.RegionCounty, "baoding", areaBaoding},
	{"rongcheng", "容城县", "Rongcheng County", "130629", graph.RegionCounty, "baoding", areaBaoding},
	{"laiyuan", "涞源县", "Laiyuan County", "130630", graph.RegionCounty, "baoding", areaBaoding},
	{"wangdu", "望都县", "Wangdu County", "130631", graph.RegionCounty, "baoding", areaBaoding},
	{"anxin", "安新县", "Anxin County", "130632", graph.RegionCounty, "baoding", areaBaoding},
	{"yixian", "易县", "Yi County", "130633", graph.RegionCounty, "baoding", areaBaoding},
	{"quyang", "曲阳县", "Quyang County", "130634", graph.RegionCounty, "baoding", areaBaoding},
	{"lixian", "蠡县", "Li County", "130635", graph.RegionCounty, "baoding", areaBaoding},
	{"shunping", "顺平县", "Shunping County", "130636", graph.RegionCounty, "baoding", areaBaoding},
	{"boye", "博野县", "Boye County", "130637", graph.RegionCounty, "baoding", areaBaoding},
	{"xiongxian", "雄县", "Xiong County", "130638", graph.RegionCounty, "baoding", areaBaoding},
	{"zhuozhou", "涿州市", "Zhuozhou", "130681", graph.RegionCounty, "baoding", areaBaoding},
	{"anguo", "安国市", "Anguo", "130683", graph.RegionCounty, "baoding", areaBaoding},
	{"gaobeidian", "高碑店市", "Gaobeidian", "130684", graph.RegionCounty, "baoding", areaBaoding},

	{"dongcheng", "东城区", "Dongcheng District", "110101", graph.RegionDistrict, "beijing", areaBeijing},
	{"xicheng", "西城区", "Xicheng District", "110102", graph.RegionDistrict, "beijing", areaBeijing},
	{"chaoyang", "朝阳区", "Chaoyang District", "110105", graph.RegionDistrict, "beijing", areaBeijing},
	{"fengtai", "丰台区", "Fengtai District", "110106", graph.RegionDistrict, "beijing", areaBeijing},
	{"haidian", "海淀区", "Haidian District", "110108", graph.RegionDistrict, "beijing", areaBeijing},
	{"tongzhou", "通州区", "Tongzhou District", "110112", graph.RegionDistrict, "beijing", areaBeijing},
	{"changping", "昌平区", "Changping District", "110114", graph.RegionDistrict, "beijing", areaBeijing},
	{"daxing", "大兴区", "Daxing District", "110115", graph.RegionDistrict, "beijing", areaBeijing},

	{"heping", "和平区", "Heping District", "120101", graph.RegionDistrict, "tianjin", areaTianjin},
	{"nankai", "南开区", "Nankai District", "120104", graph.RegionDistrict, "tianjin", areaTianjin},
	{"xiqing", "西青区", "Xiqing District", "120111", graph.RegionDistrict, "tianjin", areaTianjin},
	{"binhai", "滨海新区", "Binhai New Area", "120116", graph.RegionDistrict, "tianjin", areaTianjin},
}

// localIndustries gives some Baoding counties the industries they are
// known for, so that the fictional companies located there look plausible.
var localIndustries = map[string][]string{
	"jingxiu":    {"新能源", "电力装备", "数字经济"},
	"lianchi":    {"数字经济", "生物医药", "现代物流"},
	"mancheng":   {"造纸", "新材料"},
	"qingyuan":   {"汽车及零部件", "现代农业"},
	"xushui":     {"汽车及零部件", "食品加工"},
	"laishui":    {"文化旅游", "氢能"},
	"fuping":     {"食用菌", "现代农业", "文化旅游"},
	"dingxing":   {"食品加工", "新型建材"},
	"tangxian":   {"现代农业", "智能制造"},
	"gaoyang":    {"纺织服装"},
	"rongcheng":  {"纺织服装", "数字经济"},
	"laiyuan":    {"文化旅游", "新能源"},
	"wangdu":     {"现代农业", "食品加工"},
	"anxin":      {"文化旅游", "节能环保"},
	"yixian":     {"文化旅游", "新型建材"},
	"quyang":     {"石雕工艺", "文化旅游"},
	"lixian":     {"皮毛制品"},
	"shunping":   {"现代农业", "食品加工"},
	"boye":       {"智能制造", "新材料"},
	"xiongxian":  {"塑料包装", "节能环保"},
	"zhuozhou":   {"现代农业", "生物医药", "现代物流"},
	"anguo":      {"中药材", "生物医药"},
	"gaobeidian": {"箱包皮具", "新型建材"},
}
