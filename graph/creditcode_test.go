package graph_test

import (
	"strings"
	"testing"

	"github.com/liaison/liaison/graph"
)

const creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// Valid codes. The published ones were checked by hand as well as by the
// implementation, e.g. for 91350100M000100Y43:
//
//	9·1 + 1·3 + 3·9 + 5·27 + 1·26 + M(21)·20 + 1·8 + Y(30)·30 + 4·28 = 1640
//	1640 mod 31 = 28, 31 − 28 = 3 → "3".
//
// and for 914403001922038216: the sum is 831, 831 mod 31 = 25, 31 − 25 = 6.
var validCreditCodes = []string{
	"91350100M000100Y43", // the example code cited in GB 32100 explanations
	"914403001922038216", // 华为技术有限公司, as published
	"91440300708461136T", // 深圳市腾讯计算机系统有限公司, as published
	"9144030071526726XG", // 腾讯科技（深圳）有限公司, as published
	"91110000802100433B", // published code, check letter B
	// Computed with CreditCodeCheckChar from arbitrary prefixes.
	"000000000000000000", // sum 0: 31 − 0 = 31, which becomes 0
	"91110108MA01ABCDEN",
	"12100000400000000W",
	"Y1000000000000000X", // 30·1 + 1·3 = 33, mod 31 = 2: 31 − 2 = 29 → X
	"93310000MA1FL0G6XB",
	"52110000MA0001234L",
}

func TestValidCreditCode(t *testing.T) {
	for _, code := range validCreditCodes {
		if err := graph.ValidCreditCode(code); err != nil {
			t.Errorf("ValidCreditCode(%q) = %v, want nil", code, err)
		}
	}
}

func TestValidCreditCodeInvalid(t *testing.T) {
	tests := []struct {
		code string
		want []string // substrings of the error message
	}{
		{"", []string{"empty"}},
		{"91350100M000100Y4", []string{"18 characters", "got 17"}},
		{"91350100M000100Y433", []string{"18 characters", "got 19"}},
		{"9", []string{"18 characters", "got 1"}},
		{"91350100M000100Y44", []string{"check character should be 3", "got 4"}},
		{"914403001922038217", []string{"check character should be 6", "got 7"}},
		{"91350100I000100Y43", []string{"'I'", "position 9", "never used"}},
		{"9135O100M000100Y43", []string{"'O'", "position 5", "never used"}},
		{"91350100M000100Y4Z", []string{"'Z'", "position 18"}},
		{"S1350100M000100Y43", []string{"'S'", "position 1"}},
		{"91350100M000100V43", []string{"'V'", "position 16"}},
		{"91350100m000100Y43", []string{"'m'", "position 9", "upper case"}},
		{"91350100M000100Y4 ", []string{"' '", "position 18"}},
		{"9135010０M000100Y43", []string{"'０'", "position 8"}}, // full-width zero: not normalized
		{"统一社会信用代码统一社会信用代码统一", []string{"position 1"}},
		{"91350100M000100Y43\n", []string{"got 19"}},
		{"91350100-M000100Y43", []string{"got 19"}},
	}
	for _, tt := range tests {
		err := graph.ValidCreditCode(tt.code)
		if err == nil {
			t.Errorf("ValidCreditCode(%q) = nil, want an error", tt.code)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("ValidCreditCode(%q) = %q, want it to mention %q", tt.code, err, w)
			}
		}
	}
}

func TestCreditCodeCheckChar(t *testing.T) {
	tests := []struct {
		first17 string
		want    byte
	}{
		{"91350100M000100Y4", '3'},
		{"91440300192203821", '6'},
		{"91440300708461136", 'T'},
		{"00000000000000000", '0'}, // 31 mod 31 wraps to 0
		{"10000000000000000", 'Y'}, // 1·1 = 1: 31 − 1 = 30 → Y
		{"Y1000000000000000", 'X'}, // 30 + 1·3 = 33, mod 31 = 2: 31 − 2 = 29 → X
		{"01000000000000000", 'W'}, // 1·3 = 3: 31 − 3 = 28 → W
		{"00000000000000001", '3'}, // 1·28 = 28: 31 − 28 = 3
		{"0000000000000000Y", 'W'}, // 30·28 = 840 = 27·31 + 3: 31 − 3 = 28 → W
	}

	for _, tt := range tests {
		got, err := graph.CreditCodeCheckChar(tt.first17)
		if err != nil || got != tt.want {
			t.Errorf("CreditCodeCheckChar(%q) = %q, %v; want %q, nil", tt.first17, got, err, tt.want)
		}
		if err := graph.ValidCreditCode(tt.first17 + string(tt.want)); err != nil {
			t.Errorf("ValidCreditCode(%q) = %v, want nil", tt.first17+string(tt.want), err)
		}
	}
	for _, code := range validCreditCodes {
		got, err := graph.CreditCodeCheckChar(code[:17])
		if err != nil || got != code[17] {
			t.Errorf("CreditCodeCheckChar(%q) = %q, %v; want %q", code[:17], got, err, code[17])
		}
	}

	bad := []string{"", "9135010", "91350100M000100Y43", "91350100I000100Y4", "91350100m000100Y4", "统一社会信用代码统一社会信用代码统"}
	for _, s := range bad {
		if c, err := graph.CreditCodeCheckChar(s); err == nil {
			t.Errorf("CreditCodeCheckChar(%q) = %q, nil; want an error", s, c)
		}
	}
}

// A single wrong character anywhere, or two swapped neighbours among the
// first 17, always changes the check character.
func TestCreditCodeDetectsTypos(t *testing.T) {
	for _, code := range validCreditCodes {
		for i := 0; i < len(code); i++ {
			for j := 0; j < len(creditCodeChars); j++ {
				c := creditCodeChars[j]
				if c == code[i] {
					continue
				}
				typo := code[:i] + string(c) + code[i+1:]
				if graph.ValidCreditCode(typo) == nil {
					t.Errorf("ValidCreditCode(%q) = nil for a typo of %q", typo, code)
				}
			}
		}
		for i := 0; i+1 < 17; i++ {
			if code[i] == code[i+1] {
				continue
			}
			b := []byte(code)
			b[i], b[i+1] = b[i+1], b[i]
			if graph.ValidCreditCode(string(b)) == nil {
				t.Errorf("ValidCreditCode(%q) = nil for a transposition in %q", b, code)
			}
		}
	}
}

func TestNormalizeCreditCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"91350100M000100Y43", "91350100M000100Y43"},
		{"  91350100m000100y43\t", "91350100M000100Y43"},
		{"\u300091350100M000100Y43\u3000", "91350100M000100Y43"},
		{"９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"},
		{"９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"},
		{"9135 0100", "9135 0100"}, // inner space kept: still invalid
	}
	for _, tt := range tests {
		got := graph.NormalizeCreditCode(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeCreditCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if graph.NormalizeCreditCode(got) != got {
			t.Errorf("NormalizeCreditCode is not idempotent on %q", got)
		}
	}
	for _, in := range []string{" 91350100m000100y43 ", "９１３５０１００Ｍ０００１００Ｙ４３"} {
		if err := graph.ValidCreditCode(graph.NormalizeCreditCode(in)); err != nil {
			t.Errorf("ValidCreditCode(NormalizeCreditCode(%q)) = %v, want nil", in, err)
		}
	}
}

func FuzzCreditCode(f *testing.F) {
	for _, code := range validCreditCodes {
		f.Add(code)
		f.Add(code[:17])
	}
	for _, s := range []string{"", "I", "91350100I000100Y43", "91350100m000100y43", "统一社会信用代码", "\xff\xfe", "９１３５０１００Ｍ０００１００Ｙ４３"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Nothing panics, whatever the input.
		validErr := graph.ValidCreditCode(s)
		graph.ValidCreditCode(graph.NormalizeCreditCode(s))
		c, checkErr := graph.CreditCodeCheckChar(s)

		if checkErr == nil {
			// s is a valid 17-character prefix: its check character completes it,
			// and no other character does.
			if len(s) != 17 || strings.IndexByte(creditCodeChars, c) < 0 {
				t.Fatalf("CreditCodeCheckChar(%q) = %q for an input that is not 17 allowed characters", s, c)
			}
			if err := graph.ValidCreditCode(s + string(c)); err != nil {
				t.Fatalf("ValidCreditCode(%q) = %v for a computed check character", s+string(c), err)
			}
			for i := 0; i < len(creditCodeChars); i++ {
				if o := creditCodeChars[i]; o != c && graph.ValidCreditCode(s+string(o)) == nil {
					t.Fatalf("ValidCreditCode(%q) = nil, but the check character is %q", s+string(o), c)
				}
			}
		}
		if validErr == nil {
			// A valid code is 18 allowed characters ending in its check character.
			if len(s) != 18 {
				t.Fatalf("ValidCreditCode(%q) = nil for length %d", s, len(s))
			}
			if c, err := graph.CreditCodeCheckChar(s[:17]); err != nil || c != s[17] {
				t.Fatalf("ValidCreditCode(%q) = nil but CreditCodeCheckChar gives %q, %v", s, c, err)
			}
		}
	})
}
