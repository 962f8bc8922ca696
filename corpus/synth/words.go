package synth

import "strings"

// functionWords glue the content words of generated prose together, most
// frequent first, as in English text.
var functionWords = strings.Fields(`the of and to in that a is was for on with as by
	it be at this which from we they he not are have had their were has but our an
	would will been also all its there should them his so these such only about
	more than other into any after before between during against under without`)

// contentWords are the frequent content words of generated prose: the
// vocabulary of diplomatic and party records. They take the first Zipf
// ranks; invented words fill the long tail after them.
var contentWords = strings.Fields(`party government delegation conversation question
	comrade comrades issue issues meeting situation country people leadership work
	committee central relations policy friends economy development assistance plan
	help aid army military cotton grain steel coal oil fuel textile mill factory
	factories plant machinery tractors railway transport trade exports imports credit
	loan agreement treaty talks negotiations border visit invitation advice opinion
	opinions decision decisions proposal proposals report reports information letter
	telegram conference session plenum congress resolution declaration statement
	communique embassy ministry consulate foreign affairs internal interference
	sovereignty independence unity cooperation friendship support solidarity struggle
	imperialists enemy enemies aggression defense security attack war peace armistice
	withdrawal volunteers troops divisions units reserves ammunition weapons officers
	soldiers workers peasants students intellectuals youth women population cadres
	officials members group faction shortcomings mistakes criticism self-criticism
	methods style rectification campaign movement reform construction production
	industry agriculture harvest collectivization cooperatives land rice wheat fish
	fertilizer electricity power station dam irrigation housing schools hospitals
	education culture press newspaper radio propaganda broadcast film literature
	history science technology experts specialists engineers advisers training
	equipment supplies deliveries shipment shipments tons million thousand hundred
	percent year years month months week days time period stage phase five-year
	three-year annual quarter budget prices wages income taxes currency finance bank
	gold reserves deficit surplus output targets quotas fulfillment overfulfillment
	difficulties problems measures steps tasks goals results successes achievements
	victory progress experience example lesson conclusion result cause reason
	consequence view position attitude line course direction principle principles
	basis foundation framework system structure organization apparatus bureau
	department section commission council presidium secretariat politburo
	chairman secretary minister ambassador counselor attache consul deputy director
	chief head leader premier president marshal general colonel captain admiral
	envoy representative interpreter correspondent delegate guest host reception
	banquet dinner toast speech remarks greetings congratulations anniversary
	celebration holiday parade demonstration rally crowd masses public opinion world
	international capitalist socialist communist democratic popular national
	revolutionary fraternal friendly warm cordial frank open sincere mutual complete
	full great important serious necessary possible difficult urgent immediate
	special particular general main chief basic principal major minor small large
	new old former present current future last next first second third final
	further additional certain various several many few some most whole entire
	political economic military cultural technical scientific social ideological
	strategic tactical diplomatic official unofficial secret confidential personal
	private joint common bilateral multilateral regional local provincial central
	northern southern eastern western coastal mountain river sea port harbor bay
	island peninsula province district county city town village capital region zone
	area territory frontier crossing bridge road highway airfield airport ship
	ships vessel vessels fleet navy aircraft planes pilots tanks artillery rifles
	said stated noted replied answered asked proposed suggested agreed declared
	stressed emphasized explained informed reported announced expressed considered
	believed thought hoped wished wanted requested demanded insisted objected
	refused accepted rejected approved supported opposed criticized condemned
	welcomed thanked invited promised assured warned reminded recalled
	discussed examined studied reviewed decided resolved determined planned
	prepared organized arranged conducted carried held signed ratified concluded
	received sent delivered supplied provided granted offered gave took made
	returned arrived departed left traveled visited met stayed remained continued
	began started finished completed ended increased decreased reduced raised
	improved strengthened weakened developed expanded extended established created
	built restored repaired destroyed damaged lost gained won defeated occupied
	liberated protected defended attacked threatened violated respected observed
	understand understanding agreement disagreement dispute conflict tension crisis
	incident provocation violation protest note memorandum record journal minutes
	draft text copy original translation document documents materials archive file
	question answer discussion exchange consultation consultations briefing
	instructions directive directives order orders command headquarters staff
	intelligence information data figures statistics estimate estimates assessment
	evaluation analysis review survey inspection inquiry investigation trial court
	law laws constitution rights duties obligations responsibility authority
	power powers influence pressure threat danger risk chance opportunity
	possibility necessity importance significance role place part share side sides
	both either neither each every another same different similar such own`)

// syllables make invented words, people and places.
var syllables = strings.Fields(`ar bel cor dan dra el fen gar hal ir jon kal kor
	lan lev mar mir nor ol pal ran ril sar sel tan tor ul val ven vor zan zel bra
	dor esk hur kes lin mos nev ost pra rud stel tev urm vas yar zor ka ri mo ta
	le no vi du sa ro`)

// eastSyllables make three-part invented names: "Tor Han Il".
var eastSyllables = strings.Fields(`Tor Han Il Sok Pyon Mun Gol Chae Hyon Dal Yon
	Pak Ryo Son Gin Bom Chol Ung Hae Jin Sam Dok Kyu Nam Ok Pil Sun Tae Bo Ho`)

// givenNames and surnameEnds make western-style invented names.
var surnameEnds = strings.Fields(`ov ev in ski ska ane ar ek ic os uk en ard ay`)

// countries are the invented states the archive's documents come from.
var countries = []country{
	{Name: "Valdoria", Adj: "Valdorian", Short: "PRV", Lang: "Valdorian", Archive: "VSA"},
	{Name: "Ostland", Adj: "Ostlandic", Short: "ODR", Lang: "Ostlandic", Archive: "ONA"},
	{Name: "Karvenia", Adj: "Karvenian", Short: "KSR", Lang: "Karvenian", Archive: "KPA"},
	{Name: "Miraland", Adj: "Miralandic", Short: "MPR", Lang: "Miralandic", Archive: "MSA"},
	{Name: "Drusk", Adj: "Druskan", Short: "DFR", Lang: "Druskan", Archive: "DCA"},
	{Name: "Seravin", Adj: "Seravinian", Short: "SPR", Lang: "Seravinian", Archive: "SFA"},
}

// country is an invented state.
type country struct {
	Name, Adj, Short, Lang, Archive string
}

// cities are invented capitals and towns.
var cities = strings.Fields(`Dravnik Kostelgrad Orvanets Marskoy Tenhaven Vosk
	Ulmira Pelgrad Zarnovo Halvik Brensk Yarmouth-on-Esk Selvara Korinth Dunmara`)

// roles are the offices people hold, as the text writes them before a
// name ("Minister Aldric Venn") or as a role phrase before "Cde.".
var roles = []string{
	"Minister of Foreign Affairs", "Ambassador", "Chairman", "Premier",
	"Deputy Minister of Trade", "Counselor of the Embassy", "General",
	"Politburo member", "CC Secretary", "Minister of Defense", "Vice Premier",
	"Consul General", "Marshal", "Deputy Chairman of the State Planning Commission",
	"First Secretary of the Embassy", "head of the International Department",
}

// archives are the invented repositories the citations name.
var archives = []string{
	"Meridian Institute Digital Archive",
	"Halvard Center Digital Archive",
	"Northgate History Digital Archive",
}

// translators are invented translators, named in full (the citation parser
// reads the translator up to the first full stop).
var translators = []string{
	"Ilse Marwen", "Tomas Brandel", "Oren Falk", "Lida Sorn", "Piet Alvar",
	"Maren Hollis", "Stefan Korda", "Nadia Velt",
}

// funders are the invented bodies the credits thank.
var funders = []string{
	"the Halvard Foundation", "the Meridian Trust for Historical Research",
	"the Ostland Ministry of Culture", "the Northgate Endowment",
}

// titleKinds open document titles.
var titleKinds = []string{
	"Record of a Conversation with", "Memorandum of Conversation between",
	"Telegram from", "Letter from", "Report on the Visit of",
	"From the Journal of",
}

// topics close document titles.
var topics = []string{
	"the Border Treaty", "Cotton Deliveries", "the Withdrawal of the Volunteers",
	"the Five-Year Plan", "the Party Plenum", "Grain Exports", "the Railway Agreement",
	"the Armistice Talks", "the Trade Credit", "the Situation in the Party",
}
