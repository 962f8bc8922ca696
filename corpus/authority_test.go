package corpus

import (
	"slices"
	"testing"
)

// authorityOf builds an authority from documents that each name the given people.
func authorityOf(docs ...[]string) *Authority {
	ab := NewAuthorityBuilder()
	for i, names := range docs {
		d := Document{ID: string(rune('a' + i))}
		for _, n := range names {
			d.People = append(d.People, Mention{Name: n, Where: InBody})
		}
		ab.Add(d)
	}
	return ab.Build()
}

func TestAuthorityMerges(t *testing.T) {
	a := authorityOf(
		[]string{"Kim Il Sung", "KIM IL SUNG", "Mao Zedong", "N. S. Khrushchev"},
		[]string{"Kim Il-sung", "Mao Tse-tung", "Khrushchev", "Peng Dehuai", "Peng Zhen"},
		[]string{"Kim Ilsung", "Kim Il", "Chou En-lai", "Zhou Enlai", "A. PUZANOV", "A. M. Puzanov", "Puzanov"},
		[]string{"Pak Heon- yeong", "Pak Hon Yong", "Pak Heon-yeong", "S H T Y K O V", "T. F. Shtykov"},
		[]string{"Filippov", "Peng"},
		[]string{"Halász Ferenc", "A. Varenko", "R. Castellan", "Raul Castellan"},
		[]string{"Ferenc Halász", "A. S. Varenko", "Alexei Varenko", "Rafael Castellan"},
	)
	tests := []struct {
		name      string
		same      []string
		documents int
	}{
		{"case, hyphens and spaces", []string{"Kim Il Sung", "KIM IL SUNG", "Kim Il-sung", "Kim Ilsung"}, 3},
		{"pinyin and Wade-Giles", []string{"Mao Zedong", "Mao Tse-tung"}, 2},
		{"alias table both ways", []string{"Zhou Enlai", "Chou En-lai"}, 1},
		{"initials and a lone surname", []string{"N. S. Khrushchev", "Khrushchev"}, 2},
		{"initials of different length", []string{"A. PUZANOV", "A. M. Puzanov", "Puzanov"}, 1},
		{"Korean romanisations and stray spaces", []string{"Pak Heon- yeong", "Pak Hon Yong", "Pak Heon-yeong"}, 1},
		{"letter-spaced", []string{"S H T Y K O V", "T. F. Shtykov"}, 1},
		{"a name of two words in both orders", []string{"Ferenc Halász", "Halász Ferenc"}, 2},
		{"initials that fit each other and one full name", []string{"Alexei Varenko", "A. Varenko", "A. S. Varenko"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, ok := a.Lookup(tt.same[0])
			if !ok {
				t.Fatalf("Lookup(%q) found nobody", tt.same[0])
			}
			for _, n := range tt.same[1:] {
				p, ok := a.Lookup(n)
				if !ok || p.Name != first.Name {
					t.Errorf("Lookup(%q) = %q, %v; want %q", n, p.Name, ok, first.Name)
				}
				if !slices.Contains(first.Variants, n) {
					t.Errorf("%q not among the variants of %q: %v", n, first.Name, first.Variants)
				}
			}
			if first.Documents != tt.documents {
				t.Errorf("%s is named in %d documents, want %d", first.Name, first.Documents, tt.documents)
			}
		})
	}
	// Kept apart, though one name contains the other.
	for _, pair := range [][2]string{{"Kim Il", "Kim Il Sung"}, {"Peng Zhen", "Peng Dehuai"}} {
		a1, ok1 := a.Lookup(pair[0])
		a2, ok2 := a.Lookup(pair[1])
		if !ok1 || !ok2 || a1.Name == a2.Name {
			t.Errorf("%q and %q merged into %q", pair[0], pair[1], a1.Name)
		}
	}
	// A spelling no record writes finds its person through the alias
	// table, in the table's form or another romanisation of it.
	for _, q := range []string{"P'eng Te-huai", "Peng Teh-huai", "Chou Enlai"} {
		if p, ok := a.Lookup(q); !ok || p.Name != "Peng Dehuai" && p.Name != "Zhou Enlai" {
			t.Errorf("Lookup(%q) = %q, %v; want the alias table's person", q, p.Name, ok)
		}
	}
	// Initials that fit two full names merge with neither.
	if p, ok := a.Lookup("R. Castellan"); !ok || len(p.Variants) != 1 {
		t.Errorf("Lookup(R. Castellan) = %+v %v, want R. Castellan alone", p, ok)
	}
	// An ambiguous lone surname merges with nobody.
	if p, ok := a.Lookup("Peng"); !ok || p.Name != "Peng" || len(p.Variants) != 1 {
		t.Errorf("Lookup(Peng) = %+v %v, want Peng alone", p, ok)
	}
	if _, ok := a.Lookup("Kim"); ok {
		t.Error("Lookup(Kim) chose one of several Kims")
	}
	// The preferred spelling is the alias table's, or a full mixed-case name.
	for q, want := range map[string]string{"KIM IL SUNG": "Kim Il Sung", "Mao Tse-tung": "Mao Zedong", "Khrushchev": "N. S. Khrushchev", "A. PUZANOV": "A. M. Puzanov"} {
		if p, _ := a.Lookup(q); p.Name != want {
			t.Errorf("Lookup(%q).Name = %q, want %q", q, p.Name, want)
		}
	}
	// A fuller name than the documents give still finds the person.
	if p, ok := a.Lookup("Nikita Khrushchev"); !ok || p.Name != "N. S. Khrushchev" {
		t.Errorf("Lookup(Nikita Khrushchev) = %q %v", p.Name, ok)
	}
	// An alias-table spelling that no document uses still finds the person.
	if p, ok := a.Lookup("Chou Enlai"); !ok || p.Name != "Zhou Enlai" {
		t.Errorf("Lookup(Chou Enlai) = %q %v", p.Name, ok)
	}
}

func TestAuthorityGloss(t *testing.T) {
	ab := NewAuthorityBuilder()
	ab.Add(Document{ID: "1", People: []Mention{{Name: "Filippov", Alias: "Stalin", Where: InBody}}})
	ab.Add(Document{ID: "2", People: []Mention{{Name: "I. V. Stalin", Where: InBody}}})
	a := ab.Build()
	p, ok := a.Lookup("Stalin")
	if !ok || !slices.Contains(p.Variants, "Filippov") || p.Documents != 2 {
		t.Errorf("Lookup(Stalin) = %+v %v, want Filippov merged, 2 documents", p, ok)
	}
}

func TestAuthorityRoundTripAndClosest(t *testing.T) {
	a := authorityOf([]string{"Kim Il Sung", "Mao Zedong", "Peng Dehuai"}, []string{"Kim Il-sung", "Peng Zhen"})
	b := NewAuthority(a.People())
	for _, n := range []string{"KIM IL SUNG", "Mao Tse-tung", "Peng Zhen"} {
		p1, _ := a.Lookup(n)
		p2, ok := b.Lookup(n)
		if !ok || p1.Name != p2.Name {
			t.Errorf("after a round trip Lookup(%q) = %q, want %q", n, p2.Name, p1.Name)
		}
	}
	got := a.Closest("Peng Dehuay", 3)
	if len(got) == 0 || got[0].Name != "Peng Dehuai" {
		t.Errorf("Closest(Peng Dehuay) = %+v", got)
	}
	if got := a.Closest("Zzyzx Qwerty", 3); len(got) != 0 {
		t.Errorf("Closest(nonsense) = %+v", got)
	}
}

func TestAuthorityRomanisations(t *testing.T) {
	a := authorityOf(
		[]string{"Tadeusz Orlowski", "Orlowski", "P. K. SELENOV", "D. A. Iurchenko"},
		[]string{"Orlovsky", "P. Selenov", "Yurchenko", "Pavel Ostrin", "Pavel", "Ostrin", "B. Ostrin"},
		[]string{"Ilya Kestrin", "Ivo Kestrin", "Kestrin", "S H T Y K A L O V", "Styk Shtykalov", "Shtykalov"},
		[]string{"A. Vasov", "V. Vasov", "Marek Dolan", "Tomas Dolan"},
		[]string{"Osmundo VARGAS LLOSETA", "Ramon CASTELLAN", "MIRO Jan"},
	)
	tests := []struct {
		name, query, want string
	}{
		{"-ski and -sky, w and v", "Orlovskii", "Tadeusz Orlowski"},
		{"lone surname of the same romanisation", "Orlovsky", "Tadeusz Orlowski"},
		{"ye and yo for e, given name for initials; mixed case shown", "Pyotr Selyonov", "P. Selenov"},
		{"iu for yu, given name and surname", "Dmitri Yurchenko", "D. A. Iurchenko"},
		{"the initial agrees", "B. Ostrin", "B. Ostrin"},
		{"display name is the ordinary spelling", "S H T Y K A L O V", "Styk Shtykalov"},
		{"the first of two family names in capitals", "Vargas", "Osmundo VARGAS LLOSETA"},
		{"one family name in capitals", "Castellan", "Ramon CASTELLAN"},
		{"a family name in capitals first", "Miro", "MIRO Jan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := a.Lookup(tt.query)
			if !ok || p.Name != tt.want {
				t.Errorf("Lookup(%q) = %q %v (%v), want %q", tt.query, p.Name, ok, p.Variants, tt.want)
			}
		})
	}
	// Never merged: a different initial, a given name alone, two people
	// with one surname.
	for _, pair := range [][2]string{
		{"A. Vasov", "V. Vasov"},
		{"Pavel", "Pavel Ostrin"},
		{"B. Ostrin", "Pavel Ostrin"},
		{"Marek Dolan", "Tomas Dolan"},
		{"Ilya Kestrin", "Ivo Kestrin"},
	} {
		p1, ok1 := a.Lookup(pair[0])
		p2, ok2 := a.Lookup(pair[1])
		if ok1 && ok2 && p1.Name == p2.Name {
			t.Errorf("%q and %q merged into %q %v", pair[0], pair[1], p1.Name, p1.Variants)
		}
	}
	if p, ok := a.Lookup("Dolan"); ok {
		t.Errorf("Lookup(Dolan) chose %q of two Dolans", p.Name)
	}
}

// TestAliasLinesApart: no two lines of the alias table give a spelling
// the same key, by NameKey or RomanKey; such lines would merge two people.
func TestAliasLinesApart(t *testing.T) {
	byKey, byRoman := map[string]int{}, map[string]int{}
	for i, line := range aliasLines() {
		for _, name := range line {
			for _, k := range []struct {
				seen map[string]int
				key  string
			}{{byKey, NameKey(name)}, {byRoman, RomanKey(name)}} {
				if j, ok := k.seen[k.key]; ok && j != i {
					t.Errorf("%q (line %d) has the key %q of line %d: %q", name, i+1, k.key, j+1, aliasLines()[j])
				}
				k.seen[k.key] = i
			}
		}
	}
}
