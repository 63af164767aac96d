// Package pinyin turns Chinese names into search keys.
//
// Every key is lowercase, carries no tone marks and contains no spaces: a
// name is spelled in full pinyin (张三 → "zhangsan") and as the first letters
// of its syllables (张三 → "zs"). Latin letters and digits in the input are
// kept as they are, lowercased ("ABC科技" → "abckeji"); punctuation and
// spaces are dropped. ü is written "v", as Chinese input methods do (吕 →
// "lv").
//
// A character with several readings gives several keys, so that a name with
// several readings is found by each. The number of spellings per input is
// capped at MaxCombinations; the most likely spelling always comes first.
//
// Use NameKeys for a person's name (the leading surname takes its surname
// reading: 曾 "zeng", 单 "shan", 尉迟 "yuchi") and Keys for any other text
// such as the name of a company or unit.
package pinyin

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	gopinyin "github.com/mozillazg/go-pinyin"
	"golang.org/x/text/width"
)

// MaxCombinations caps how many spellings Keys and NameKeys produce for one
// input. Without a cap a long text full of polyphonic characters would give
// an exponential number of spellings.
const MaxCombinations = 8

// KeySet holds the search keys of one input.
//
// Full[i] and Initials[i] do not necessarily correspond: both lists are
// deduplicated independently (仇英 gives qiuying, qiuyang, chouying and
// chouyang but only the initials qy and cy). Both are ordered from
// most to least likely spelling and are empty (nil) for an input without
// letters, digits or Chinese characters.
type KeySet struct {
	// Full holds full-pinyin spellings of the whole input, e.g. "zhangsan".
	Full []string
	// Initials holds the first letter of each syllable, e.g. "zs". A run of
	// Latin letters or digits is kept whole ("ABC科技" → "abckj").
	Initials []string
}

// reading is one way to read a unit: one syllable per Chinese character.
type reading []string

// unit is one Chinese character (or a compound surname) or one run of Latin
// letters and digits.
type unit struct {
	r        rune      // the character; 0 for a Latin run or a compound surname
	latin    bool      // a Latin/digit run, kept whole in Initials
	readings []reading // most likely first, never empty
}

var heteronymArgs = func() gopinyin.Args {
	a := gopinyin.NewArgs()
	a.Style = gopinyin.Normal
	a.Heteronym = true
	a.Fallback = func(rune, gopinyin.Args) []string { return nil }
	return a
}()

// Normalize folds s for case-insensitive Latin search: full-width letters,
// digits and punctuation become their ASCII forms (and the ideographic space
// a plain space), letters are lowercased, and runs of white space collapse to
// one space with none at either end. "  ＡＢＣ　Def " → "abc def".
func Normalize(s string) string {
	s = width.Fold.String(s)
	s = strings.ToLower(s)
	return strings.Join(strings.Fields(s), " ")
}

// Keys returns the search keys of general text such as the name of a company
// or unit. No surname rule is applied; a few common words whose usual reading
// differs from their characters' most common one (银行 "yinhang", 重庆
// "chongqing", 长江 "changjiang", 厦门 "xiamen" …) are spelled that way first.
func Keys(text string) KeySet {
	units := tokenize(text)
	applyPhrases(units)
	return build(units)
}

// NameKeys returns the search keys of a person's name. The leading compound
// surname (欧阳, 尉迟, 万俟 …) or polyphonic single surname (曾, 单, 解, 仇 …)
// is spelled with its surname reading first; the character's common reading
// follows as a further variant (曾国藩 → "zengguofan", then "cengguofan").
// Any other leading character takes only its most common reading (王 is
// "wang", never "yu"). The given name's polyphonic characters give each of
// their readings.
func NameKeys(name string) KeySet {
	units := tokenize(name)
	applySurname(&units)
	return build(units)
}

// SearchText returns every key of name — full spellings first, then
// initials, without duplicates — joined by single spaces, to be stored in a
// property searched with CONTAINS or a full-text index. person selects
// NameKeys rather than Keys. The empty string is returned for a name without
// keys.
func SearchText(name string, person bool) string {
	var ks KeySet
	if person {
		ks = NameKeys(name)
	} else {
		ks = Keys(name)
	}
	all := make([]string, 0, len(ks.Full)+len(ks.Initials))
	all = append(all, ks.Full...)
	all = append(all, ks.Initials...)
	return strings.Join(dedup(all), " ")
}

// tokenize splits the normalized text into units, dropping everything that
// is neither a letter, a digit nor a Chinese character with a known reading.
func tokenize(s string) []unit {
	s = Normalize(s)
	var units []unit
	var latin strings.Builder
	flush := func() {
		if latin.Len() > 0 {
			units = append(units, unit{latin: true, readings: []reading{{latin.String()}}})
			latin.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			flush()
			if rs := hanReadings(r); len(rs) > 0 {
				units = append(units, unit{r: r, readings: rs})
			}
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			latin.WriteRune(r)
		default:
			flush()
		}
	}
	flush()
	return units
}

// hanReadings returns the toneless readings of r from the dictionary, most
// common first, keeping only plain a–z spellings.
func hanReadings(r rune) []reading {
	var out []reading
	seen := map[string]bool{}
	for _, p := range gopinyin.SinglePinyin(r, heteronymArgs) {
		p = asciiLetters(p)
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, reading{p})
	}
	return out
}

// asciiLetters keeps only the a–z letters of s (readings such as "ê̄" carry
// letters outside the basic alphabet).
func asciiLetters(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'a' && c <= 'z' {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// promote moves want to the front of rs, adding it if absent.
func promote(rs []reading, want reading) []reading {
	out := []reading{want}
	for _, r := range rs {
		if !slices.Equal(r, want) {
			out = append(out, r)
		}
	}
	return out
}

// applySurname replaces the leading unit(s) of a person's name by a surname
// unit when they form a known surname.
func applySurname(units *[]unit) {
	us := *units
	if len(us) >= 2 && us[0].r != 0 && us[1].r != 0 {
		key := string([]rune{us[0].r, us[1].r})
		if syl, ok := compoundSurnames[key]; ok {
			sur := reading(strings.Fields(syl))
			common := reading{us[0].readings[0][0], us[1].readings[0][0]}
			rs := []reading{sur}
			if !slices.Equal(sur, common) {
				rs = append(rs, common)
			}
			merged := unit{readings: rs}
			*units = append([]unit{merged}, us[2:]...)
			return
		}
	}
	if len(us) >= 1 && us[0].r != 0 {
		if syls, ok := singleSurnames[us[0].r]; ok {
			var rs []reading
			for _, s := range strings.Fields(syls) {
				rs = append(rs, reading{s})
			}
			common := us[0].readings[0]
			found := false
			for _, r := range rs {
				if slices.Equal(r, common) {
					found = true
				}
			}
			if !found {
				rs = append(rs, common)
			}
			us[0].readings = rs
			return
		}
		// Any other leading character is read as a surname too, and surnames
		// not listed above take the most common reading: the dictionary's
		// other readings of 王 ("yu") or 石 ("dan") are never surname ones.
		us[0].readings = us[0].readings[:1]
	}
}

// applyPhrases gives the characters of known words their in-word reading
// first. The longest word starting at each position wins.
func applyPhrases(units []unit) {
	for i := 0; i < len(units); {
		matched := 0
		for n := min(maxPhraseLen, len(units)-i); n >= 2; n-- {
			rs := make([]rune, 0, n)
			for _, u := range units[i : i+n] {
				if u.r == 0 {
					break
				}
				rs = append(rs, u.r)
			}
			if len(rs) != n {
				continue
			}
			syl, ok := phrases[string(rs)]
			syls := strings.Fields(syl)
			if !ok || len(syls) != n {
				continue
			}
			for j, s := range syls {
				units[i+j].readings = promote(units[i+j].readings, reading{s})
			}
			matched = n
			break
		}
		if matched == 0 {
			matched = 1
		}
		i += matched
	}
}

// build spells the units in at most MaxCombinations ways.
func build(units []unit) KeySet {
	if len(units) == 0 {
		return KeySet{}
	}
	var full, initials []string
	for _, combo := range combinations(units, MaxCombinations) {
		var f, in strings.Builder
		for i, u := range units {
			for _, syl := range u.readings[combo[i]] {
				f.WriteString(syl)
				if u.latin {
					in.WriteString(syl)
				} else {
					in.WriteString(syl[:1])
				}
			}
		}
		full = append(full, f.String())
		initials = append(initials, in.String())
	}
	return KeySet{Full: dedup(full), Initials: dedup(initials)}
}

// combinations picks up to limit choices of one reading per unit, best
// first: fewer departures from the most common readings (a lower sum of
// reading indexes) come first, and among equals the choice that keeps the
// earlier characters at their more common reading comes first. The order is
// deterministic.
func combinations(units []unit, limit int) [][]int {
	start := make([]int, len(units))
	frontier := [][]int{start}
	seen := map[string]bool{comboKey(start): true}
	var out [][]int
	for len(out) < limit && len(frontier) > 0 {
		best := 0
		for i := 1; i < len(frontier); i++ {
			if comboLess(frontier[i], frontier[best]) {
				best = i
			}
		}
		c := frontier[best]
		frontier = append(frontier[:best], frontier[best+1:]...)
		out = append(out, c)
		for i, u := range units {
			if c[i]+1 >= len(u.readings) {
				continue
			}
			next := append([]int(nil), c...)
			next[i]++
			if k := comboKey(next); !seen[k] {
				seen[k] = true
				frontier = append(frontier, next)
			}
		}
	}
	return out
}

func comboLess(a, b []int) bool {
	sa, sb := 0, 0
	for i := range a {
		sa += a[i]
		sb += b[i]
	}
	if sa != sb {
		return sa < sb
	}
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

func comboKey(c []int) string {
	b := make([]byte, 0, len(c)*2)
	for _, v := range c {
		b = utf8.AppendRune(b, rune(v))
	}
	return string(b)
}

// dedup removes repeated and empty strings, keeping the first occurrence.
func dedup(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// compoundSurnames maps two-character surnames to their surname reading.
// 单于 is left out on purpose: a name such as 单于波 is far more often 单 +
// 于波 today.
var compoundSurnames = map[string]string{
	"欧阳": "ou yang", "司马": "si ma", "上官": "shang guan", "诸葛": "zhu ge",
	"东方": "dong fang", "皇甫": "huang fu", "尉迟": "yu chi", "公孙": "gong sun",
	"慕容": "mu rong", "长孙": "zhang sun", "宇文": "yu wen", "司徒": "si tu",
	"令狐": "ling hu", "夏侯": "xia hou", "万俟": "mo qi", "澹台": "tan tai",
	"独孤": "du gu", "南宫": "nan gong", "西门": "xi men", "端木": "duan mu",
	"轩辕": "xuan yuan", "呼延": "hu yan", "闻人": "wen ren", "赫连": "he lian",
	"申屠": "shen tu", "公冶": "gong ye", "太叔": "tai shu", "仲孙": "zhong sun",
	"濮阳": "pu yang", "淳于": "chun yu", "钟离": "zhong li", "宗政": "zong zheng",
	"公羊": "gong yang", "百里": "bai li", "东郭": "dong guo", "拓跋": "tuo ba",
	"司空": "si kong", "第五": "di wu", "谷梁": "gu liang", "左丘": "zuo qiu",
	"梁丘": "liang qiu", "乐正": "yue zheng", "公西": "gong xi", "漆雕": "qi diao",
	"壤驷": "rang si", "巫马": "wu ma", "颛孙": "zhuan sun", "段干": "duan gan",
	"羊舌": "yang she", "子车": "zi ju", "亓官": "qi guan", "司寇": "si kou",
	"仉督": "zhang du", "微生": "wei sheng", "公良": "gong liang", "东门": "dong men",
	"公输": "gong shu", "完颜": "wan yan", "爱新": "ai xin", "叶赫": "ye he",
}

// singleSurnames maps polyphonic single-character surnames to their surname
// reading(s), most common first. A surname not listed takes the dictionary's
// first reading only; a few listed ones (石 "shi") merely document that.
var singleSurnames = map[rune]string{
	'曾': "zeng", '单': "shan", '解': "xie", '仇': "qiu", '区': "ou",
	'查': "zha", '査': "zha", '朴': "piao", '翟': "zhai", '覃': "qin tan",
	'乐': "yue le", '缪': "miao", '盖': "ge", '黑': "he", '种': "chong",
	'秘': "bi", '召': "shao", '员': "yun", '繁': "po", '能': "nai",
	'华': "hua", '任': "ren", '沈': "shen", '曲': "qu", '洗': "xian",
	'冼': "xian", '眭': "sui", '蕃': "pi", '卜': "bu", '柏': "bai",
	'薄': "bo", '参': "can", '传': "chuan", '尉': "wei", '句': "gou",
	'阚': "kan", '折': "she", '啜': "chuai", '隗': "wei", '宓': "fu mi",
	'谌': "chen", '莘': "shen", '祭': "zhai", '逄': "pang", '郇': "huan",
	'粘': "nian", '石': "shi", '车': "che", '殷': "yin", '朝': "chao",
	'褚': "chu", '那': "na", '宿': "su", '角': "jue", '便': "pian",
	'牟': "mou mu", '长': "chang", '重': "chong", '藏': "zang", '六': "lu",
	'和': "he", '英': "ying", '都': "du", '贲': "ben", '番': "pan",
	'蔚': "yu wei", '晟': "cheng", '乜': "nie", '万': "wan", '奇': "ji qi",
}

// maxPhraseLen is the length in characters of the longest key of phrases.
const maxPhraseLen = 3

// phrases maps common words (mostly in the names of companies, banks and
// places) whose reading differs from the most common reading of one of
// their characters. The dictionary's other readings remain as variants.
var phrases = map[string]string{
	"银行": "yin hang", "分行": "fen hang", "支行": "zhi hang", "总行": "zong hang",
	"商行": "shang hang", "车行": "che hang", "琴行": "qin hang", "行业": "hang ye",
	"同行": "tong hang", "央行": "yang hang", "投行": "tou hang", "行长": "hang zhang",
	"重庆": "chong qing", "重阳": "chong yang",
	"长沙": "chang sha", "长春": "chang chun", "长安": "chang an", "长江": "chang jiang",
	"长城": "chang cheng", "长治": "chang zhi", "长兴": "chang xing", "长期": "chang qi",
	"长途": "chang tu", "长虹": "chang hong", "长征": "chang zheng", "长白": "chang bai",
	"厦门": "xia men", "蚌埠": "beng bu", "六安": "lu an", "乐山": "le shan",
	"乐清": "yue qing", "朝阳": "chao yang", "成都": "cheng du", "首都": "shou du",
	"都市": "du shi", "京都": "jing du", "都江堰": "du jiang yan", "番禺": "pan yu",
	"音乐": "yin yue", "乐器": "yue qi", "乐团": "yue tuan", "会计": "kuai ji",
	"空调": "kong tiao", "调解": "tiao jie", "西藏": "xi zang", "宝藏": "bao zang",
}
