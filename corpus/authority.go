package corpus

import (
	_ "embed"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
)

//go:embed aliases.txt
var aliasFile string

// Person is one person the corpus names, under every spelling found.
type Person struct {
	// Name is the preferred spelling: the alias table's, else the most
	// frequent full name.
	Name string `json:"name"`
	// Variants are the spellings the documents use, sorted.
	Variants []string `json:"variants"`
	// Documents counts the documents that name the person.
	Documents int `json:"documents"`
}

// Authority knows which spellings name one person. It merges variants by
// rule (case, hyphens, spaces, Korean romanisation, initials and a lone
// surname when only one person has it) and by a reviewed alias table; it
// never merges two names because one contains the other ("Kim Il" is not
// "Kim Il Sung").
type Authority struct {
	people  []Person
	byKey   map[string]int // NameKey of every variant and alias -> person
	byRoman map[string]int // RomanKey of every variant -> person, or -1 when two people share it
	shapes  [][]nameShape  // per person, the shapes of its variants
	keys    [][]string     // per person, the NameKey of each variant, as runes for Closest
	given   map[string]bool
}

// AuthorityBuilder collects the names of a corpus, one document at a time.
type AuthorityBuilder struct {
	spellings map[string]*spelling
	order     []string
}

type spelling struct {
	text string
	n    int
	docs map[string]bool
	also []string // spellings the text itself equates: a bracketed gloss
}

// NewAuthorityBuilder returns an empty builder.
func NewAuthorityBuilder() *AuthorityBuilder {
	return &AuthorityBuilder{spellings: map[string]*spelling{}}
}

// Add records the names a document gives.
//
// What it keeps are copies: the strings of a document read from a file
// share its text, and a name or an id kept as it is would keep the whole
// file in memory, for every document of the corpus.
func (ab *AuthorityBuilder) Add(d Document) {
	if len(d.People) == 0 {
		return
	}
	id := strings.Clone(d.ID)
	for _, m := range d.People {
		sp := ab.spelling(m.Name)
		sp.n++
		sp.docs[id] = true
		if m.Alias != "" {
			al := ab.spelling(m.Alias)
			al.docs[id] = true
			sp.also = append(sp.also, al.text)
		}
	}
}

func (ab *AuthorityBuilder) spelling(text string) *spelling {
	sp := ab.spellings[text]
	if sp == nil {
		text = strings.Clone(text)
		sp = &spelling{text: text, docs: map[string]bool{}}
		ab.spellings[text] = sp
		ab.order = append(ab.order, text)
	}
	return sp
}

// Build merges the spellings into people.
func (ab *AuthorityBuilder) Build() *Authority {
	texts := slices.Clone(ab.order)
	slices.Sort(texts)
	uf := newUnionFind(texts)
	aliases := aliasLines()
	// Same key, the alias table and the text's own glosses.
	byKey := map[string]string{}
	for _, t := range texts {
		k := NameKey(t)
		if k == "" {
			continue
		}
		if first, ok := byKey[k]; ok {
			uf.union(first, t)
		} else {
			byKey[k] = t
		}
		for _, also := range ab.spellings[t].also {
			uf.union(t, also)
		}
	}
	for _, line := range aliases {
		var seen string
		for _, name := range line {
			if t, ok := byKey[NameKey(name)]; ok {
				if seen != "" {
					uf.union(seen, t)
				}
				seen = t
			}
		}
	}
	// Romanisations of one name: "Dobrowski", "Dobrovsky".
	byRoman := map[string]string{}
	for _, t := range texts {
		k := RomanKey(t)
		if k == "" {
			continue
		}
		if first, ok := byRoman[k]; ok {
			uf.union(first, t)
		} else {
			byRoman[k] = t
		}
	}
	// Each spelling's shape, and the spellings that have each surname, in
	// order: only those can fit a lone surname or initials (see fits), so
	// the passes below look at them alone rather than at every pair.
	shapes := make([]nameShape, len(texts))
	bySurname := map[string][]int{}
	for i, t := range texts {
		shapes[i] = shapeOf(t)
	}
	given := givenNames(shapes)
	for i := range texts {
		s := shapes[i]
		for j, sur := range s.surnames {
			if j == 0 || s.kind == shapeFull && sur != s.surnames[0] {
				bySurname[sur] = append(bySurname[sur], i)
			}
		}
	}
	// The same initials and surname in another order or case are one
	// person: "A. M. Puzanov", "PUZANOV A. M.".
	byInitials := map[string]string{}
	for i, t := range texts {
		s := shapes[i]
		if s.kind != shapeInitials {
			continue
		}
		k := s.initials + " " + s.surnames[0]
		if first, ok := byInitials[k]; ok {
			uf.union(first, t)
		} else {
			byInitials[k] = t
		}
	}
	// A name of two words written in both orders is one person: "Kádár
	// János" (family name first, as Hungarian records write it) and
	// "János Kádár".
	byPair := map[string]string{}
	for i, t := range texts {
		s := shapes[i]
		if s.kind != shapeFull || len(strings.Fields(t)) != 2 {
			continue
		}
		k := s.surnames[0] + " " + s.surnames[1]
		if first, ok := byPair[s.surnames[1]+" "+s.surnames[0]]; ok && s.surnames[0] != s.surnames[1] {
			uf.union(first, t)
		}
		if _, ok := byPair[k]; !ok {
			byPair[k] = t
		}
	}
	// Initials and lone surnames, where exactly one person fits; or, of
	// several that fit, exactly one written with a full name ("A.
	// Dubček" and "A. S. Dubček" fit each other and "Alexander Dubček").
	for _, pass := range []func(nameShape) bool{
		func(s nameShape) bool { return s.kind == shapeInitials },
		func(s nameShape) bool { return s.kind == shapeSingle },
	} {
		for i, t := range texts {
			s := shapes[i]
			if !pass(s) || uf.hasFull(uf.find(t)) {
				continue
			}
			var match, full string
			ambiguous, fulls := false, 0
			for _, j := range bySurname[s.surnames[0]] {
				other := texts[j]
				if uf.find(other) == uf.find(t) || !s.fits(shapes[j], given) {
					continue
				}
				if shapes[j].kind == shapeFull && (full == "" || uf.find(full) != uf.find(other)) {
					full = other
					fulls++
				}
				if match != "" && uf.find(match) != uf.find(other) {
					ambiguous = true
				}
				match = other
			}
			if ambiguous && fulls == 1 {
				match, ambiguous = full, false
			}
			if match != "" && !ambiguous {
				uf.union(match, t)
			}
		}
	}
	// One person per group.
	groups := map[string][]string{}
	var roots []string
	for _, t := range texts {
		r := uf.find(t)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], t)
	}
	var people []Person
	for _, r := range roots {
		members := groups[r]
		docs := map[string]bool{}
		for _, m := range members {
			for d := range ab.spellings[m].docs {
				docs[d] = true
			}
		}
		people = append(people, Person{Name: preferred(members, ab.spellings, aliases), Variants: members, Documents: len(docs)})
	}
	slices.SortFunc(people, func(a, b Person) int { return strings.Compare(a.Name, b.Name) })
	return NewAuthority(people)
}

// NewAuthority rebuilds an authority from its people, as an index stores them.
func NewAuthority(people []Person) *Authority {
	a := &Authority{people: people, byKey: map[string]int{}, byRoman: map[string]int{}}
	var all []nameShape
	for i, p := range people {
		var shapes []nameShape
		keys := make([]string, 0, len(p.Variants))
		for _, v := range p.Variants {
			keys = append(keys, NameKey(v))
			a.byKey[NameKey(v)] = i
			if k := RomanKey(v); k != "" {
				if j, ok := a.byRoman[k]; ok && j != i {
					a.byRoman[k] = -1
				} else {
					a.byRoman[k] = i
				}
			}
			shapes = append(shapes, shapeOf(v))
		}
		a.shapes = append(a.shapes, shapes)
		a.keys = append(a.keys, keys)
		all = append(all, shapes...)
	}
	a.given = givenNames(all)
	for _, line := range aliasLines() {
		person := -1
		for _, name := range line {
			if i, ok := a.byKey[NameKey(name)]; ok {
				person = i
				break
			}
		}
		if person < 0 {
			continue
		}
		for _, name := range line {
			if _, ok := a.byKey[NameKey(name)]; !ok {
				a.byKey[NameKey(name)] = person
			}
			// Another romanisation of the line's spelling ("Peng
			// Teh-huai" of "Peng Te-huai") finds the person too.
			if k := RomanKey(name); k != "" {
				if _, ok := a.byRoman[k]; !ok {
					a.byRoman[k] = person
				}
			}
		}
	}
	return a
}

// People lists everyone, sorted by name.
func (a *Authority) People() []Person { return a.people }

// Lookup finds the person a name means: by any spelling or alias, or by
// initials or a lone surname when exactly one person fits.
func (a *Authority) Lookup(name string) (Person, bool) {
	if i, ok := a.byKey[NameKey(name)]; ok {
		return a.people[i], true
	}
	if i, ok := a.byRoman[RomanKey(name)]; ok && i >= 0 {
		return a.people[i], true
	}
	s := shapeOf(name)
	if s.kind == shapeNone {
		return Person{}, false
	}
	// A lone surname or initials fit a fuller name; a full name asked for
	// fits the initials the documents use ("Nikita Khrushchev", "N. S. Khrushchev").
	fits := func(o nameShape) bool {
		if s.kind == shapeFull {
			return o.kind != shapeFull && o.fits(s, a.given)
		}
		return s.fits(o, a.given)
	}
	found := -1
	for i, shapes := range a.shapes {
		if slices.ContainsFunc(shapes, fits) {
			if found >= 0 {
				return Person{}, false // more than one person fits
			}
			found = i
		}
	}
	if found < 0 {
		return Person{}, false
	}
	return a.people[found], true
}

// Closest returns up to n people whose names are spelled most like name,
// for "did you mean" suggestions.
func (a *Authority) Closest(name string, n int) []Person {
	key := NameKey(name)
	if key == "" {
		return nil
	}
	type scored struct {
		i, dist int
	}
	var cands []scored
	limit := max(2, len(key)/3)
	rk := []rune(key)
	for i := range a.people {
		best := -1
		for _, vk := range a.keys[i] {
			// Only distances within limit count, so the edit distance
			// stops as soon as it must exceed it.
			d, ok := levenshteinWithin(rk, vk, limit)
			if strings.HasPrefix(vk, key) || strings.Contains(vk, key) && len(key) >= 4 {
				d, ok = min(d, 1), true
			}
			if ok && (best < 0 || d < best) {
				best = d
			}
		}
		if best >= 0 {
			cands = append(cands, scored{i, best})
		}
	}
	slices.SortStableFunc(cands, func(x, y scored) int {
		if x.dist != y.dist {
			return x.dist - y.dist
		}
		return a.people[y.i].Documents - a.people[x.i].Documents
	})
	var out []Person
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, a.people[c.i])
	}
	return out
}

// preferred picks the spelling to show: the alias table's first name when
// the group is on the table, else the fullest, most frequent name, in
// mixed case rather than capitals.
func preferred(members []string, sp map[string]*spelling, aliases [][]string) string {
	keys := map[string]bool{}
	for _, m := range members {
		keys[NameKey(m)] = true
	}
	for _, line := range aliases {
		if !slices.ContainsFunc(line, func(n string) bool { return keys[NameKey(n)] }) {
			continue
		}
		if slices.Contains(members, line[0]) {
			return line[0]
		}
		var same []string
		for _, m := range members {
			if NameKey(m) == NameKey(line[0]) {
				same = append(same, m)
			}
		}
		if len(same) > 0 {
			members = same
		}
		break
	}
	// An ordinary spelling (mixed case, not letter-spaced) first, then a
	// full name before initials before a lone surname, then the commonest,
	// then the fullest.
	score := func(m string) int {
		s := min(sp[m].n, 99) * 2
		switch shapeOf(m).kind {
		case shapeFull:
			s += 1000
		case shapeInitials:
			s += 200
		}
		if strings.ToUpper(m) != m && !letterSpaced.MatchString(m) {
			s += 5000
		}
		return s
	}
	// At equal scores the fuller spelling ("V. S. Fedenov" over "V.
	// Fedenov"), then the first in order.
	best := members[0]
	for _, m := range members[1:] {
		if sm, sb := score(m), score(best); sm > sb || sm == sb && len(m) > len(best) {
			best = m
		}
	}
	return best
}

// The shapes a written name can have.
const (
	shapeNone     = iota
	shapeSingle   // "Khrushchev"
	shapeInitials // "N. S. Khrushchev", "PUZANOV A. M."
	shapeFull     // "Kim Il Sung", "Nikita Khrushchev"
)

// nameShape is a written name taken apart: its kind, the keys of its
// possible surnames and the initials of its other names.
type nameShape struct {
	kind     int
	surnames []string
	initials string // initials in order, e.g. "ns"
	first    string // for full names: the initials read with the surname first
}

func shapeOf(name string) nameShape {
	if s := findSpacedLetters(name); s != "" && len(s) == len(strings.TrimSpace(name)) {
		name = strings.ReplaceAll(name, " ", "") // "S H T Y K O V"
	}
	name = splitInitials(name) // "A.N. Dobrev"
	var words, initials []string
	capsAt := -1 // the first word in capitals after one that is not
	firstInCaps := false
	for _, f := range strings.Fields(name) {
		t := strings.Trim(f, ",")
		if isInitial(t) {
			initials = append(initials, strings.ToLower(t[:1]))
			continue
		}
		if k := romanWord(t); k != "" {
			inCaps := len(t) > 1 && strings.ToUpper(t) == t
			if len(words) == 0 {
				firstInCaps = inCaps
			} else if capsAt < 0 && inCaps && !firstInCaps {
				capsAt = len(words)
			}
			words = append(words, k)
		}
	}
	// Family names in capitals after the given name, as Soviet records
	// write Spanish names: "Oswaldo DORTICOS TORRADO". The first is the
	// surname, which the name is shortened to ("Dorticos").
	if capsAt > 0 && len(words) > capsAt+1 && allCapitals(name, capsAt) {
		words = words[:capsAt+1]
	}
	switch {
	case len(words) == 1 && len(initials) == 0:
		return nameShape{kind: shapeSingle, surnames: words}
	case len(words) == 1:
		return nameShape{kind: shapeInitials, surnames: words, initials: strings.Join(initials, "")}
	case len(words) >= 2:
		last, first := words[len(words)-1], words[0]
		var lastInit, firstInit string
		for _, w := range words[:len(words)-1] {
			lastInit += w[:1]
		}
		for _, w := range words[1:] {
			firstInit += w[:1]
		}
		return nameShape{kind: shapeFull, surnames: []string{last, first}, initials: lastInit, first: firstInit}
	}
	return nameShape{}
}

// allCapitals reports whether every word of name from the word at (of
// those that are no initials) on is written in capitals.
func allCapitals(name string, at int) bool {
	i := 0
	for _, f := range strings.Fields(name) {
		t := strings.Trim(f, ",")
		if isInitial(t) || romanWord(t) == "" {
			continue
		}
		if i >= at && strings.ToUpper(t) != t {
			return false
		}
		i++
	}
	return true
}

// joinedInitials is an initial written against the next one: "A.N.".
var joinedInitials = regexp.MustCompile(`\b([A-Z][a-z]?)\.\s*`)

// isInitial reports whether a word is an initial: "A.", or a Russian
// digraph's "Ye.", "Yu.", "Sh.".
func isInitial(w string) bool {
	if len(w) < 2 || len(w) > 3 || w[len(w)-1] != '.' || !unicode.IsUpper(rune(w[0])) {
		return false
	}
	return len(w) == 2 || w[1] >= 'a' && w[1] <= 'z'
}

// givenNames are the first words of full names whose last word the
// corpus also gives alone or after initials: "Pavel" when it has "Pavel
// Yurin" and "P. F. Yurin". Such a word is a given name, which never
// stands for one person alone.
func givenNames(shapes []nameShape) map[string]bool {
	surnames := map[string]bool{}
	for _, s := range shapes {
		if s.kind == shapeSingle || s.kind == shapeInitials {
			surnames[s.surnames[0]] = true
		}
	}
	given := map[string]bool{}
	for _, s := range shapes {
		if s.kind == shapeFull && surnames[s.surnames[0]] {
			given[s.surnames[1]] = true
		}
	}
	return given
}

// fits reports whether s (a lone surname or initials and a surname) can
// name the same person as o. A lone word fits the first word of a full
// name ("Kim" in "Kim Il Sung") only when that word is not a given name.
func (s nameShape) fits(o nameShape, given map[string]bool) bool {
	if o.kind == shapeNone || s.kind == shapeNone || len(s.surnames) == 0 {
		return false
	}
	sur := s.surnames[0]
	compatible := func(a, b string) bool { return strings.HasPrefix(a, b) || strings.HasPrefix(b, a) }
	switch o.kind {
	case shapeSingle:
		return s.kind == shapeSingle && o.surnames[0] == sur
	case shapeInitials:
		return o.surnames[0] == sur && compatible(s.initials, o.initials)
	case shapeFull:
		if o.surnames[0] == sur && compatible(s.initials, o.initials) {
			return true
		}
		return o.surnames[1] == sur && compatible(s.initials, o.first) && !(s.kind == shapeSingle && given[sur])
	}
	return false
}

// parseAliases reads the alias table: one person a line, names separated
// by " = ", comments after "#".
// aliasLines are the lines of corpus/aliases.txt, read once. Callers must
// not change them.
var aliasLines = sync.OnceValue(func() [][]string { return parseAliases(aliasFile) })

func parseAliases(text string) [][]string {
	var out [][]string
	for _, line := range strings.Split(text, "\n") {
		line, _, _ = strings.Cut(line, "#")
		var names []string
		for _, n := range strings.Split(line, "=") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
		if len(names) > 1 {
			out = append(out, names)
		}
	}
	return out
}

// unionFind groups spellings.
type unionFind struct {
	parent map[string]string
	full   map[string]bool // roots of groups holding a full name
}

func newUnionFind(items []string) *unionFind {
	uf := &unionFind{parent: map[string]string{}, full: map[string]bool{}}
	for _, it := range items {
		uf.parent[it] = it
		if shapeOf(it).kind == shapeFull {
			uf.full[it] = true
		}
	}
	return uf
}

func (uf *unionFind) find(x string) string {
	for uf.parent[x] != x {
		uf.parent[x] = uf.parent[uf.parent[x]]
		x = uf.parent[x]
	}
	return x
}

func (uf *unionFind) union(a, b string) {
	if _, ok := uf.parent[a]; !ok {
		return
	}
	if _, ok := uf.parent[b]; !ok {
		return
	}
	ra, rb := uf.find(a), uf.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	uf.parent[rb] = ra
	uf.full[ra] = uf.full[ra] || uf.full[rb]
}

func (uf *unionFind) hasFull(root string) bool { return uf.full[root] }

// levenshtein is the edit distance between two strings of runes.
// levenshteinWithin is the edit distance of ra and b when it is at most
// limit (ok), computed row by row and given up as soon as a whole row
// exceeds limit; a length difference over limit needs no row at all.
func levenshteinWithin(ra []rune, b string, limit int) (d int, ok bool) {
	rb := []rune(b)
	if diff := len(ra) - len(rb); diff > limit || -diff > limit {
		return limit + 1, false
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1, false
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)], prev[len(rb)] <= limit
}
