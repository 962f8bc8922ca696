package corpus

import (
	"strings"
	"testing"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"initials and honorifics", "The conversation with Cde. N. S. Khrushchev was long. He left.", []string{"The conversation with Cde. N. S. Khrushchev was long.", "He left."}},
		{"quote closes a sentence", `He said, "We don't need these people." Then he left.`, []string{`He said, "We don't need these people."`, "Then he left."}},
		{"lowercase after a stop", "weapons, ammunitions, etc. to supply the army. Next.", []string{"weapons, ammunitions, etc. to supply the army.", "Next."}},
		{"archival reference", "See AVPRF F. 0102, Op. 13, Delo 5. Then more.", []string{"See AVPRF F. 0102, Op. 13, Delo 5.", "Then more."}},
		{"question", "So, will you accept and invite [me]? We will.", []string{"So, will you accept and invite [me]?", "We will."}},
		{"no stop at all", "SOVIET AMBASSADOR IN THE DPRK", []string{"SOVIET AMBASSADOR IN THE DPRK"}},
		{"two spaces after a stop", "The mill is idle.  The workers left.", []string{"The mill is idle.", "The workers left."}},
		{"a time of day", "The situation at 2 p.m. (Lindmar time) on June 18 was calm. At 9 a.m. The mill opened.", []string{"The situation at 2 p.m. (Lindmar time) on June 18 was calm.", "At 9 a.m.", "The mill opened."}},
		{"a time of day before a number", "By 11 a.m. 70% of the workers had come. Then more.", []string{"By 11 a.m. 70% of the workers had come.", "Then more."}},
		{"initials run together", "The report of T.V. Marek to the congress was read. It was long.", []string{"The report of T.V. Marek to the congress was read.", "It was long."}},
		{"initials of two letters", "Comrades Yu. V. Dremin, A. Ya. Kor'chin and K. Ye. Orlin came. Kh. Sabek did not.", []string{"Comrades Yu. V. Dremin, A. Ya. Kor'chin and K. Ye. Orlin came.", "Kh. Sabek did not."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range Sentences(tt.text) {
				got = append(got, tt.text[s.Start:s.End])
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("sentences = %q, want %q", got, tt.want)
			}
		})
	}
}
