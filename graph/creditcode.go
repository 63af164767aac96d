package graph

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A unified social credit code (统一社会信用代码, GB 32100-2015) is 18
// characters from creditCodeChars: a registration authority code, an
// organization category, a 6-digit administrative division code, a 9-character
// organization code and a check character. Only the character set and the
// check character are verified here.
const (
	creditCodeLen   = 18
	creditCodeChars = "0123456789ABCDEFGHJKLMNPQRTUWXY" // no I, O, S, V, Z
)

// creditCodeWeights are the weights 3^i mod 31 of positions 1 to 17.
var creditCodeWeights = [creditCodeLen - 1]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCodeValue returns the value (0–30) of a character of a credit code,
// or -1 when the character is not allowed.
func creditCodeValue(r rune) int {
	if r >= utf8.RuneSelf {
		return -1
	}
	return strings.IndexByte(creditCodeChars, byte(r))
}

// NormalizeCreditCode returns s as ValidCreditCode expects it: white space
// (including the ideographic space) trimmed at both ends, full-width ASCII
// (ＡＢＣ１２３) folded to ASCII, and letters upper-cased. It does not validate.
func NormalizeCreditCode(s string) string {
	s = strings.TrimSpace(s)
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E { // full-width forms of ! to ~
			r -= 0xFF01 - '!'
		}
		return unicode.ToUpper(r)
	}, s)
}

// ValidCreditCode reports why code is not a valid unified social credit
// code, or nil when it is. code must already be normalized (see
// NormalizeCreditCode): lower-case letters are rejected. The error message
// is meant for people and names the first problem found: a wrong length, a
// character not allowed at a (1-based) position, or a wrong check character.
func ValidCreditCode(code string) error {
	if code == "" {
		return errors.New("credit code is empty")
	}
	if n := utf8.RuneCountInString(code); n != creditCodeLen {
		return fmt.Errorf("credit code must be %d characters, got %d", creditCodeLen, n)
	}
	if err := checkCreditCodeChars(code); err != nil {
		return err
	}
	want, _ := CreditCodeCheckChar(code[:creditCodeLen-1])
	if got := code[creditCodeLen-1]; got != want {
		return fmt.Errorf("credit code check character should be %c, got %c", want, got)
	}
	return nil
}

// CreditCodeCheckChar returns the check character (the 18th) of a unified
// social credit code whose first 17 characters are first17, or an error when
// first17 is not 17 allowed characters.
func CreditCodeCheckChar(first17 string) (byte, error) {
	if n := utf8.RuneCountInString(first17); n != creditCodeLen-1 {
		return 0, fmt.Errorf("credit code prefix must be %d characters, got %d", creditCodeLen-1, n)
	}
	if err := checkCreditCodeChars(first17); err != nil {
		return 0, err
	}
	sum := 0
	for i := 0; i < creditCodeLen-1; i++ {
		sum += creditCodeValue(rune(first17[i])) * creditCodeWeights[i]
	}
	c := 31 - sum%31
	if c == 31 {
		c = 0
	}
	return creditCodeChars[c], nil
}

// checkCreditCodeChars reports the first character of s outside
// creditCodeChars. When it returns nil, s is ASCII.
func checkCreditCodeChars(s string) error {
	pos := 0
	for _, r := range s {
		pos++
		if creditCodeValue(r) >= 0 {
			continue
		}
		hint := ""
		switch up := unicode.ToUpper(r); {
		case up != r && creditCodeValue(up) >= 0:
			hint = " (letters must be upper case)"
		case up == 'I' || up == 'O' || up == 'S' || up == 'V' || up == 'Z':
			hint = " (I, O, S, V and Z are never used)"
		}
		return fmt.Errorf("credit code has invalid character %q at position %d%s", r, pos, hint)
	}
	return nil
}
