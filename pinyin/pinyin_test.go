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
	checkKeys(t, "NameKeys", pinyin.NameKeys, []keysCase{
		{in: "张三", wantFull: "zhangsan", wantInitials: "zs"},
		{in: "曾国藩", wantFull: "zengguofan", wantInitials: "zgf", alsoFull: []string{"cengguofan"}},
		{in: "单田芳", wantFull: "shantianfang", wantInitials: "stf", alsoFull: []string{"dantianfang"}, notFull: []string{"chantianfang"}},
		{in: "解缙", wantFull: "xiejin", wantInitials: "xj", alsoFull: []string{"jiejin"}},
		{in: "仇英", wantFull: "qiuying", wantInitials: "qy", alsoFull: []string{"chouying"}},
		{in: "欧阳修", wantFull: "ouyangxiu", wantInitials: "oyx"},
		{in: "区家麟", wantFull: "oujialin", wantInitials: "ojl"},
		{in: "查良镛", wantFull: "zhaliangyong", wantInitials: "zly"},
		{in: "朴槿惠", wantFull: "piaojinhui", wantInitials: "pjh"},
		{in: "翟志刚", wantFull: "zhaizhigang", wantInitials: "zzg"},
		{in: "覃小明", wantFull: "qinxiaoming", wantInitials: "qxm"},
		{in: "尉迟恭", wantFull: "yuchigong", wantInitials: "ycg", alsoFull: []string{"weichigong"}},
		{in: "万俟卨", wantFull: "moqixie", wantInitials: "mqx"},
		{in: "长孙无忌", wantFull: "zhangsunwuji", wantInitials: "zswj"},
		{in: "司马光", wantFull: "simaguang", wantInitials: "smg"},
		{in: "诸葛亮", wantFull: "zhugeliang", wantInitials: "zgl"},
		{in: "上官婉儿", wantFull: "shangguanwaner", wantInitials: "sgwe"},
		{in: "澹台灭明", wantFull: "tantaimieming", wantInitials: "ttmm"},
		{in: "乐毅", wantFull: "yueyi", wantInitials: "yy", alsoFull: []string{"leyi"}},
		{in: "缪斯", wantFull: "miaosi", wantInitials: "ms"},
		{in: "盖聂", wantFull: "ge" + "nie", wantInitials: "gn", alsoFull: []string{"gainie"}},
		{in: "黑旋风", wantFull: "hexuanfeng", wantInitials: "hxf", alsoFull: []string{"heixuanfeng"}},
		{in: "种师道", wantFull: "chongshidao", wantInitials: "csd"},
		{in: "秘书", wantFull: "bishu", wantInitials: "bs", alsoFull: []string{"mishu"}},
		{in: "召忽", wantFull: "shaohu", wantInitials: "sh"},
		{in: "员半千", wantFull: "yunbanqian", wantInitials: "ybq"},
		{in: "繁钦", wantFull: "poqin", wantInitials: "pq"},
		{in: "能国", wantFull: "naiguo", wantInitials: "ng"},
		{in: "华佗", wantFull: "huatuo", wantInitials: "ht"},
		{in: "任盈盈", wantFull: "renyingying", wantInitials: "ryy"},
		{in: "沈从文", wantFull: "shencongwen", wantInitials: "scw"},
		{in: "冼星海", wantFull: "xianxinghai", wantInitials: "xxh"},
		{in: "洗星海", wantFull: "xianxinghai", wantInitials: "xxh"},
		{in: "卜算子", wantFull: "busuanzi", wantInitials: "bsz"},
		{in: "柏杨", wantFull: "baiyang", wantInitials: "by"},
		{in: "薄一波", wantFull: "boyibo", wantInitials: "byb"},
		{in: "石敬瑭", wantFull: "shijingtang", wantInitials: "sjt", notFull: []string{"danjingtang"}},
		// An unlisted surname takes its most common reading only.
		{in: "王小明", wantFull: "wangxiaoming", wantInitials: "wxm", notFull: []string{"yuxiaoming"}},
		// The surname rule is for the leading character only.
		{in: "王单", wantFull: "wangdan", wantInitials: "wd", alsoFull: []string{"wangshan"}},
		{in: "李曾", wantFull: "liceng", wantInitials: "lc", alsoFull: []string{"lizeng"}},
		// Punctuation such as the middle dot of transliterated names is dropped.
		{in: "阿沛·阿旺晋美", wantFull: "apeiawangjinmei", wantInitials: "apawjm"},
		{in: " 张　三 ", wantFull: "zhangsan", wantInitials: "zs"},
	})
}

// keysCase is a text and what its keys must be.
type keysCase struct {
	in           string
	wantFull     string // first Full key
	wantInitials string // first Initials key
	alsoFull     []string
	notFull      []string
}

// checkKeys checks the keys the function fn (named name) gives each case.
func checkKeys(t *testing.T, name string, fn func(string) pinyin.KeySet, cases []keysCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.in, func(t *testing.T) {
			ks := fn(tt.in)
			if len(ks.Full) == 0 || ks.Full[0] != tt.wantFull {
				t.Errorf("%s(%q).Full = %q, want first %q", name, tt.in, ks.Full, tt.wantFull)
			}
			if len(ks.Initials) == 0 || ks.Initials[0] != tt.wantInitials {
				t.Errorf("%s(%q).Initials = %q, want first %q", name, tt.in, ks.Initials, tt.wantInitials)
			}
			for _, w := range tt.alsoFull {
				if !slices.Contains(ks.Full, w) {
					t.Errorf("%s(%q).Full = %q, want it to contain %q", name, tt.in, ks.Full, w)
				}
			}
			for _, w := range tt.notFull {
				if slices.Contains(ks.Full, w) {
					t.Errorf("%s(%q).Full = %q, want it not to contain %q", name, tt.in, ks.Full, w)
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
	checkKeys(t, "Keys", pinyin.Keys, []keysCase{
		{in: "中国工商银行", wantFull: "zhongguogongshangyinhang", wantInitials: "zggsyh", alsoFull: []string{"zhongguogongshangyinxing"}},
		{in: "银行", wantFull: "yinhang", wantInitials: "yh"},
		{in: "重庆市", wantFull: "chongqingshi", wantInitials: "cqs", alsoFull: []string{"zhongqingshi"}},
		{in: "重庆", wantFull: "chongqing", wantInitials: "cq"},
		{in: "长江实业", wantFull: "changjiangshiye", wantInitials: "cjsy"},
		{in: "厦门大学", wantFull: "xiamendaxue", wantInitials: "xmdx"},
		{in: "成都", wantFull: "chengdu", wantInitials: "cd", alsoFull: []string{"chengdou"}},
		{in: "ABC科技", wantFull: "abckeji", wantInitials: "abckj"},
		{in: "ＡＢＣ科技有限公司", wantFull: "abckejiyouxiangongsi", wantInitials: "abckjyxgs"},
		{in: "TCL集团", wantFull: "tcljituan", wantInitials: "tcljt"},
		{in: "3M中国", wantFull: "3mzhongguo", wantInitials: "3mzg"},
		{in: "北京（海淀）分公司！", wantFull: "beijinghaidianfengongsi", wantInitials: "bjhdfgs"},
		{in: "Acme, Inc.", wantFull: "acmeinc", wantInitials: "acmeinc"},
		{in: "吕布", wantFull: "lvbu", wantInitials: "lb"},
		// Keys applies no surname rule: 曾 is read ceng first.
		{in: "曾国藩", wantFull: "cengguofan", wantInitials: "cgf", alsoFull: []string{"zengguofan"}},
	})
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
