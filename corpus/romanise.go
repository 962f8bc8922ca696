package corpus

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// RomanKey is the form of a name under which its romanisations compare
// equal: NameKey's form, word by word, with Latin diacritics folded and
// the usual variants of transliterating Russian and similar languages
// reduced to one spelling. "Dobrowski", "Dobrovsky" and
// "Dobrovskii" share a key, as do "Fedyonov" and "Fedenov", "Iurin" and
// "Yurin", "Lavrent’yev" and "Lavrentiev". Words keep their order and are
// joined by spaces, so "Kim Il" and "Kim Il Sung" stay apart.
//
// The key is a comparison key: it is never shown.
func RomanKey(name string) string {
	var b strings.Builder
	for _, f := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '.' }) {
		b.WriteString(romanWord(f))
	}
	return b.String()
}

// romanWord is RomanKey of one written word.
func romanWord(w string) string {
	k := NameKey(FoldDiacritics(w))
	if k == "" {
		return ""
	}
	// Word-initial iotated vowels: "Iurin", "Iakovlev", "Ieltsin".
	for _, p := range [][2]string{{"iu", "yu"}, {"ia", "ya"}, {"ie", "ye"}, {"io", "yo"}} {
		if strings.HasPrefix(k, p[0]) && len(k) > 3 {
			k = p[1] + k[len(p[0]):]
			break
		}
	}
	// Inside a word a j is a y ("Mikojan", "Lavrentjev") and a w a v
	// ("Dobrowski"); a leading J or W is kept, since it is a letter of
	// its own in many languages (Jang and Yang, Wang and Vang).
	if len(k) > 1 {
		k = k[:1] + letterVariants.Replace(k[1:])
	} else {
		k = strings.ReplaceAll(k, "x", "ks")
	}
	// Endings: -sky, -ski, -skii, -skiy, -skij; -ii, -iy for -y; -off for -ov.
	for _, e := range [][2]string{
		{"skiy", "ski"}, {"skii", "ski"}, {"skyi", "ski"}, {"sky", "ski"},
		{"iy", "y"}, {"ii", "y"}, {"yy", "y"},
		{"ey", "ei"}, {"ay", "ai"}, {"oy", "oi"},
		{"off", "ov"},
	} {
		if strings.HasSuffix(k, e[0]) && len(k) > len(e[0])+1 {
			k = k[:len(k)-len(e[0])] + e[1]
			break
		}
	}
	// Wade-Giles writes the e of some syllables eh as well: Teh and Te,
	// Yeh and Ye ("Chu Teh", "Peng Teh-huai").
	if len(k) >= 3 && strings.HasSuffix(k, "eh") {
		k = k[:len(k)-1]
	}
	// An ë after ch, sh or zh is also written o: Khrushchov, Gorbachov.
	for _, e := range []string{"chov", "shov", "zhov"} {
		if strings.HasSuffix(k, e) && len(k) > len(e)+1 {
			k = k[:len(k)-2] + "ev"
			break
		}
	}
	// Inside the word: ye, yo and ie for e (Fedyonov, Fedenov; Lavrentiev,
	// Lavrentyev); yi for i (Ilyichev, Ilichev); iu, ia for yu, ya.
	if len(k) > 2 {
		head, rest := k[:1], k[1:]
		rest = iotated.Replace(rest)
		rest = softVowels.Replace(rest)
		k = head + rest
	}
	if strings.HasPrefix(k, "ye") || strings.HasPrefix(k, "yo") && len(k) > 4 {
		k = "e" + k[2:] // Yegorov, Egorov
	}
	// Long names carry Russian's sounds in the letters of the language
	// that wrote them: Serbo-Croatian and Czech write zh, sh and ch as ž,
	// š and č (folded to z, s, c above) and Russian's y as i ("Brežnjev"
	// and "Brezhnev", "Gromiko" and "Gromyko", "Dubček" and "Dubchek").
	// Short names are left alone, where one letter tells syllables apart
	// ("Zhou" and "Zou", "Shen" and "Sen").
	if len(k) >= 7 {
		k = slavicDigraphs.Replace(k)
	}
	if len(k) >= 6 {
		k = yBetweenConsonants(k)
	}
	// Doubled letters: Dobrowski, Dobrovski.
	var b strings.Builder
	var prev rune
	for _, r := range k {
		if r != prev {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// yBetweenConsonants writes a y between consonants inside a word as i.
func yBetweenConsonants(k string) string {
	if strings.IndexByte(k[min(1, len(k)):], 'y') < 0 {
		return k // none inside the word ("Yakovlev" has its y first)
	}
	b := []byte(k)
	for i := 1; i+1 < len(b); i++ {
		if b[i] == 'y' && isConsonant(b[i-1]) && isConsonant(b[i+1]) {
			b[i] = 'i'
		}
	}
	return string(b)
}

// isConsonant reports whether c is a consonant of the Latin alphabet, in
// lower case.
func isConsonant(c byte) bool {
	return c >= 'a' && c <= 'z' && strings.IndexByte("aeiouy", c) < 0
}

// The replacements of romanWord, built once.
var (
	slavicDigraphs = strings.NewReplacer("zh", "z", "sh", "s", "ch", "c")
	letterVariants = strings.NewReplacer("j", "y", "w", "v", "x", "ks")
	iotated        = strings.NewReplacer("iu", "yu", "ia", "ya")
	softVowels     = strings.NewReplacer("ye", "e", "yo", "e", "ie", "e", "yi", "i")
)

// FoldDiacritics replaces the accented Latin letters of European names by
// their bare letters: "Kádár" gives "Kadar", "Wałęsa" gives "Walesa".
func FoldDiacritics(s string) string {
	s = diacritics.Replace(s)
	if isASCII(s) {
		return s
	}
	// Latin letters the table lacks ("ș", "ț", "ğ"): the bare letter of
	// their decomposition. Other scripts stay as they are.
	return strings.Map(func(r rune) rune {
		if r < utf8.RuneSelf || !unicode.Is(unicode.Latin, r) {
			return r
		}
		if d := norm.NFD.String(string(r)); d[0] < utf8.RuneSelf && len(d) > 1 {
			return rune(d[0])
		}
		return r
	}, s)
}

var diacritics = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "ą", "a", "ă", "a",
	"Á", "A", "À", "A", "Â", "A", "Ä", "A", "Ã", "A", "Å", "A", "Ą", "A", "Ă", "A",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "ę", "e", "ě", "e",
	"É", "E", "È", "E", "Ê", "E", "Ë", "E", "Ę", "E", "Ě", "E",
	"í", "i", "ì", "i", "î", "i", "ï", "i", "Í", "I", "Î", "I",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o", "ő", "o", "ø", "o",
	"Ó", "O", "Ò", "O", "Ô", "O", "Ö", "O", "Õ", "O", "Ő", "O", "Ø", "O",
	"ú", "u", "ù", "u", "û", "u", "ü", "u", "ű", "u", "ů", "u",
	"Ú", "U", "Ù", "U", "Û", "U", "Ü", "U", "Ű", "U", "Ů", "U",
	"ç", "c", "ć", "c", "č", "c", "Ç", "C", "Ć", "C", "Č", "C",
	"ł", "l", "Ł", "L", "ń", "n", "ñ", "n", "ň", "n", "Ń", "N", "Ñ", "N",
	"ś", "s", "š", "s", "ş", "s", "Ś", "S", "Š", "S", "Ş", "S",
	"ź", "z", "ż", "z", "ž", "z", "Ź", "Z", "Ż", "Z", "Ž", "Z",
	"ř", "r", "Ř", "R", "ť", "t", "ţ", "t", "ď", "d", "ý", "y", "Ý", "Y",
	"ồ", "o", "ồ", "o", "ơ", "o", "ư", "u", "đ", "d", "Đ", "D",
)
