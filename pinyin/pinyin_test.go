package pinyin_test

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/liaison/liaison/pinyin"
)

func TestNameKeysFirst(t *testing.T) {
	tests := []struct {
		name         string
		wantFull     string // first Full key
		wantInitials string // first Initials key
		alsoFull     []string
		notFull      []string
	}{
		{name: "张三", wantFull: "zhangsan", wantInitials: "zs"},
		{name: "曾国藩", wantFull: "zengguofan", wantInitials: "zgf", alsoFull: []string{"cengguofan"}},
		{name: "单田芳", wantFull: "shantianfang", wantInitials: "stf", alsoFull: []string{"dantianfang"}, notFull: []string{"chantianfang"}},
		{name: "解缙", wantFull: "xiejin", wantInitials: "xj", alsoFull: []string{"jiejin"}},
		{name: "仇英", wantFull: "qiuying", wantInitials: "qy", alsoFull: []string{"chouying"}},
		{name: "欧阳修", wantFull: "ouyangxiu", wantInitials: "oyx"},
		{name: "区家麟", wantFull: "oujialin", wantInitials: "ojl"},
		{name: "查良镛", wantFull: "zhaliangyong", wantInitials: "zly"},
		{name: "朴槿惠", wantFull: "piaojinhui", wantInitials: "pjh"},
		{name: "翟志刚", wantFull: "zhaizhigang", wantInitials: "zzg"},
		{name: "覃小明", wantFull: "qinxiaoming", wantInitials: "qxm"},
		{name: "尉迟恭", wantFull: "yuchigong", wantInitials: "ycg", alsoFull: []string{"weichigong"}},
		{name: "万俟卨", wantFull: "moqixie", wantInitials: "mqx"},
		{name: "长孙无忌", wantFull: "zhangsunwuji", wantInitials: "zswj"},
		{name: "司马光", wantFull: "simaguang", wantInitials: "smg"},
		{name: "诸葛亮", wantFull: "zhugeliang", wantInitials: "zgl"},
		{name: "上官婉儿", wantFull: "shangguanwaner", wantInitials: "sgwe"},
		{name: "澹台灭明", wantFull: "tantaimieming", wantInitials: "ttmm"},
		{name: "乐毅", wantFull: "yueyi", wantInitials: "yy", alsoFull: []string{"leyi"}},
		{name: "缪斯", wantFull: "miaosi", wantInitials: "ms"},
		{name: "盖聂", wantFull: "ge" + "nie", wantInitials: "gn", alsoFull: []string{"gainie"}},
		{name: "黑旋风", wantFull: "hexuanfeng", wantInitials: "hxf", alsoFull: []string{"heixuanfeng"}},
		{name: "种师道", wantFull: "chongshidao", wantInitials: "csd"},
		{name: "秘书", wantFull: "bishu", wantInitials: "bs", alsoFull: []string{"mishu"}},
		{name: "召忽", wantFull: "shaohu", wantInitials: "sh"},
		{name: "员半千", wantFull: "yunbanqian", wantInitials: "ybq"},
		{name: "繁钦", wantFull: "poqin", wantInitials: "pq"},
		{name: "能国", wantFull: "naiguo", wantInitials: "ng"},
		{name: "华佗", wantFull: "huatuo", wantInitials: "ht"},
		{name: "任盈盈", wantFull: "renyingying", wantInitials: "ryy"},
		{name: "沈从文", wantFull: "shencongwen", wantInitials: "scw"},
		{name: "冼星海", wantFull: "xianxinghai", wantInitials: "xxh"},
		{name: "洗星海", wantFull: "xianxinghai", wantInitials: "xxh"},
		{name: "卜算子", wantFull: "busuanzi", wantInitials: "bsz"},
		{name: "柏杨", wantFull: "baiyang", wantInitials: "by"},
		{name: "薄一波", wantFull: "boyibo", wantInitials: "byb"},
		{name: "石敬瑭", wantFull: "shijingtang", wantInitials: "sjt", notFull: []string{"danjingtang"}},
		// An unlisted surname takes its most common reading only.
		{name: "王小明", wantFull: "wangxiaoming", wantInitials: "wxm", notFull: []string{"yuxiaoming"}},
		// The surname rule is for the leading character only.
		{name: "王单", wantFull: "wangdan", wantInitials: "wd", alsoFull: []string{"wangshan"}},
		{name: "李曾", wantFull: "liceng", wantInitials: "lc", alsoFull: []string{"lizeng"}},
		// Punctuation such as the middle dot of transliterated names is dropped.
		{name: "阿沛·阿旺晋美", wantFull: "apeiawangjinmei", wantInitials: "apawjm"},
		{name: " 张　三 ", wantFull: "zhangsan", wantInitials: "zs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ks := pinyin.NameKeys(tt.name)
			if len(ks.Full) == 0 || ks.Full[0] != tt.wantFull {
				t.Errorf("NameKeys(%q).Full = %q, want first %q", tt.name, ks.Full, tt.wantFull)
			}
			if len(ks.Initials) == 0 || ks.Initials[0] != tt.wantInitials {
				t.Errorf("NameKeys(%q).Initials = %q, want first %q", tt.name, ks.Initials, tt.wantInitials)
			}
			for _, w := range tt.alsoFull {
				if !slices.Contains(ks.Full, w) {
					t.Errorf("NameKeys(%q).Full = %q, want it to contain %q", tt.name, ks.Full, w)
				}
			}
			for _, w := range tt.notFull {
				if slices.Contains(ks.Full, w) {
					t.Errorf("NameKeys(%q).Full = %q, want it not to contain %q", tt.name, ks.Full, w)
				}
			}
		})
	}
}

func TestNameKeysExact(t *testing.T) {
	tests := []struct {
		name string
		want pinyin.KeySet
	}{
		{"张三", pinyin.KeySet{Full: []string{"zhangsan"}, Initials: []string{"zs"}}},
		{"曾国藩", pinyin.KeySet{Full: []string{"zengguofan", "cengguofan"}, Initials: []string{"zgf", "cgf"}}},
		{"欧阳修", pinyin.KeySet{Full: []string{"ouyangxiu"}, Initials: []string{"oyx"}}},
		// Surname reading first, then the common reading; 单's third reading
		// "chan" is not a surname reading and is left out.
		{"单田芳", pinyin.KeySet{Full: []string{"shantianfang", "dantianfang"}, Initials: []string{"stf", "dtf"}}},
		{"", pinyin.KeySet{}},
	}
	for _, tt := range tests {
		if got := pinyin.NameKeys(tt.name); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NameKeys(%q) = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestKeys(t *testing.T) {
	tests := []struct {
		text         string
		wantFull     string // first Full key
		wantInitials string // first Initials key
		alsoFull     []string
	}{
		{text: "中国工商银行", wantFull: "zhongguogongshangyinhang", wantInitials: "zggsyh", alsoFull: []string{"zhongguogongshangyinxing"}},
		{text: "银行", wantFull: "yinhang", wantInitials: "yh"},
		{text: "重庆市", wantFull: "chongqingshi", wantInitials: "cqs", alsoFull: []string{"zhongqingshi"}},
		{text: "重庆", wantFull: "chongqing", wantInitials: "cq"},
		{text: "长江实业", wantFull: "changjiangshiye", wantInitials: "cjsy"},
		{text: "厦门大学", wantFull: "xiamendaxue", wantInitials: "xmdx"},
		{text: "成都", wantFull: "chengdu", wantInitials: "cd", alsoFull: []string{"chengdou"}},
		{text: "ABC科技", wantFull: "abckeji", wantInitials: "abckj"},
		{text: "ＡＢＣ科技有限公司", wantFull: "abckejiyouxiangongsi", wantInitials: "abckjyxgs"},
		{text: "TCL集团", wantFull: "tcljituan", wantInitials: "tcljt"},
		{text: "3M中国", wantFull: "3mzhongguo", wantInitials: "3mzg"},
		{text: "北京（海淀）分公司！", wantFull: "beijinghaidianfengongsi", wantInitials: "bjhdfgs"},
		{text: "Acme, Inc.", wantFull: "acmeinc", wantInitials: "acmeinc"},
		{text: "吕布", wantFull: "lvbu", wantInitials: "lb"},
		// Keys applies no surname rule: 曾 is read ceng first.
		{text: "曾国藩", wantFull: "cengguofan", wantInitials: "cgf", alsoFull: []string{"zengguofan"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ks := pinyin.Keys(tt.text)
			if len(ks.Full) == 0 || ks.Full[0] != tt.wantFull {
				t.Errorf("Keys(%q).Full = %q, want first %q", tt.text, ks.Full, tt.wantFull)
			}
			if len(ks.Initials) == 0 || ks.Initials[0] != tt.wantInitials {
				t.Errorf("Keys(%q).Initials = %q, want first %q", tt.text, ks.Initials, tt.wantInitials)
			}
			for _, w := range tt.alsoFull {
				if !slices.Contains(ks.Full, w) {
					t.Errorf("Keys(%q).Full = %q, want it to contain %q", tt.text, ks.Full, w)
				}
			}
		})
	}
}

func TestEmpty(t *testing.T) {
	for _, in := range []string{"", "   ", "，。！·", "\t\n"} {
		for _, ks := range []pinyin.KeySet{pinyin.Keys(in), pinyin.NameKeys(in)} {
			if len(ks.Full) != 0 || len(ks.Initials) != 0 {
				t.Errorf("keys of %q = %+v, want none", in, ks)
			}
		}
		for _, person := range []bool{false, true} {
			if got := pinyin.SearchText(in, person); got != "" {
				t.Errorf("SearchText(%q, %v) = %q, want empty", in, person, got)
			}
		}
	}
}

var keyRe = regexp.MustCompile(`^[a-z0-9]+$`)

// Many polyphonic characters in a row must not blow up the number of keys.
func TestCombinationCap(t *testing.T) {
	inputs := []string{
		"重行的都乐差和调",
		"曾单解仇区查朴翟",
		"行行行行行行行行行行行行行行行行行行行行",
		strings.Repeat("重庆银行长沙分行", 20),
	}
	for _, in := range inputs {
		for _, ks := range []pinyin.KeySet{pinyin.Keys(in), pinyin.NameKeys(in)} {
			if n := len(ks.Full); n == 0 || n > pinyin.MaxCombinations {
				t.Errorf("%q: %d full keys, want 1..%d", in, n, pinyin.MaxCombinations)
			}
			if n := len(ks.Initials); n == 0 || n > pinyin.MaxCombinations {
				t.Errorf("%q: %d initials keys, want 1..%d", in, n, pinyin.MaxCombinations)
			}
			for _, k := range append(slices.Clone(ks.Full), ks.Initials...) {
				if !keyRe.MatchString(k) {
					t.Errorf("%q: key %q is not lowercase a-z0-9", in, k)
				}
			}
		}
	}
	// Eight characters with several readings each: the cap is reached exactly
	// and the first spelling uses every character's most common reading.
	ks := pinyin.Keys("重行的都乐差和调")
	if len(ks.Full) != pinyin.MaxCombinations {
		t.Errorf("got %d full keys, want %d: %q", len(ks.Full), pinyin.MaxCombinations, ks.Full)
	}
	if want := "zhongxingdedoulechahediao"; ks.Full[0] != want {
		t.Errorf("first full key %q, want %q", ks.Full[0], want)
	}
	// Single departures from the most common reading come before double ones.
	if want := "zhongxingdedoulechahetiao"; !slices.Contains(ks.Full, want) {
		t.Errorf("full keys %q lack %q", ks.Full, want)
	}
}

func TestDeterministic(t *testing.T) {
	for _, in := range []string{"重行的都乐差和调", "曾国藩", "中国建设银行重庆分行", "单单单单"} {
		a, b := pinyin.Keys(in), pinyin.Keys(in)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("Keys(%q) not deterministic: %+v vs %+v", in, a, b)
		}
		a, b = pinyin.NameKeys(in), pinyin.NameKeys(in)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("NameKeys(%q) not deterministic: %+v vs %+v", in, a, b)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"ＡＢＣ", "abc"},
		{"ａｂｃ１２３", "abc123"},
		{"  Hello   World  ", "hello world"},
		{"ＡＢＣ　Ｄｅｆ", "abc def"}, // ideographic space
		{"\tfoo\n\nBAR ", "foo bar"},
		{"张三", "张三"},
		{"Ｚｈａｎｇ　三", "zhang 三"},
		{"（北京）", "(北京)"},
	}
	for _, tt := range tests {
		if got := pinyin.Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchText(t *testing.T) {
	tests := []struct {
		name   string
		person bool
		want   string
	}{
		{"张三", true, "zhangsan zs"},
		{"张三", false, "zhangsan zs"},
		{"曾国藩", true, "zengguofan cengguofan zgf cgf"},
		{"曾国藩", false, "cengguofan zengguofan cgf zgf"},
		{"欧阳修", true, "ouyangxiu oyx"},
		{"Acme", false, "acme"}, // full and initials coincide: listed once
		{"", true, ""},
	}
	for _, tt := range tests {
		if got := pinyin.SearchText(tt.name, tt.person); got != tt.want {
			t.Errorf("SearchText(%q, %v) = %q, want %q", tt.name, tt.person, got, tt.want)
		}
	}
	// Every key of the name appears as a whole word in the search text.
	st := " " + pinyin.SearchText("中国建设银行", false) + " "
	for _, k := range []string{"zhongguojiansheyinhang", "zgjsyh"} {
		if !strings.Contains(st, " "+k+" ") {
			t.Errorf("search text %q lacks %q", st, k)
		}
	}
}
