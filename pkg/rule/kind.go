package rule

import (
	"time"

	"github.com/zhijian-qa/zhijian/pkg/match"
	"github.com/zhijian-qa/zhijian/pkg/transcript"
)

// Kind is the record of one rule kind, kept beside its code (the kind's own file), as
// staticcheck keeps an analyzer's name, doc and severity beside it. Everything that
// handles rules by kind — the rulebook loader, --strict, lint, explain, rules list, the
// JSON Schema — reads it from here, so adding a kind is one file and one line in Kinds.
type Kind struct {
	// Name is the kind: as a rulebook writes it.
	Name string
	// Doc says what a rule of the kind checks: Chinese, " / ", English.
	Doc string
	// Keys are the keys the kind takes beyond those every rule takes (id, role, message…);
	// a key of another kind's is an error ("forbidden rules take no steps").
	Keys []string
	// Required are the keys a rule of the kind must have, for the schema; the kind's
	// Build reports a missing one in words.
	Required []string
	// Timing kinds judge times, not words: they need timestamps, look at the whole call
	// unless "window" is among their Keys, and match their phrases (which only mark a
	// wait) as written whatever the rulebook's fuzzy says.
	Timing bool
	// Phraseless kinds read no phrases (repetition compares utterances with each
	// other): lint and --strict have nothing of theirs to read.
	Phraseless bool
	// Fuzzy is the default tolerance of the kind's phrases when neither the rule nor the
	// rulebook gives one (rulebook/robust.go says why each).
	Fuzzy match.Fuzzy
	// Build makes a rule of the kind from its definition. It reports what is wrong through
	// d and may return a rule anyway; the loader drops rules with errors.
	Build func(d Decoder, m Meta, s Scope) Rule
	// Schema is JSON the kind's branch of rules/schema.json adds to the keys it requires
	// and refuses: further constraints, such as anyOf or a per: enum. "" for none.
	Schema string
	// Example is a minimal rule of the kind in YAML, for the completeness test and docs.
	Example string
}

// Kinds is the registry of rule kinds, in the order rulebooks and docs list them.
var Kinds = []*Kind{
	RequiredKind,
	ForbiddenKind,
	SequenceKind,
	ResponseKind,
	CountKind,
	RepetitionKind,
	MeaningKind,
	LogicKind,
	ConditionKind,
	RateKind,
	SilenceKind,
	LatencyKind,
	OverlapKind,
	DurationKind,
}

// KindNamed returns the kind called name, nil when there is none.
func KindNamed(name string) *Kind {
	for _, k := range Kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Takes reports whether the kind takes key beyond the keys every rule takes.
func (k *Kind) Takes(key string) bool {
	for _, x := range k.Keys {
		if x == key {
			return true
		}
	}
	return false
}

// Decoder reads one rule's definition for its kind's Build: each method reads the key
// it is given, reports a bad value at its position in the rulebook, and returns the zero
// value (or the default) then. Messages and hints are Chinese, " / ", English.
type Decoder interface {
	// Has reports whether the rule gives key.
	Has(key string) bool
	// Text is key's value as written ("" when absent).
	Text(key string) string
	// Errorf reports a problem at key's value, or at the rule when key is "" or absent.
	Errorf(key, hint, msgKey string, args ...any)

	Flag(key string, def bool) bool
	// Choice is one of choices, the first when key is absent or unknown (an error).
	Choice(key, hint string, choices ...string) string
	// Int is a whole number of at least lo.
	Int(key string, lo int) int
	// Number is a number in [lo, hi].
	Number(key string, lo, hi float64) float64
	// Positive is a number above 0 and at most hi.
	Positive(key string, hi float64) float64
	// Seconds is a positive number of seconds, at most hi, fractions allowed.
	Seconds(key string, hi float64) time.Duration

	// Phrases is a phrase list in the rule's match mode; an error when absent.
	Phrases(key string) Phrases
	// Steps is a list of at least two steps, each a phrase list.
	Steps(key string) []Phrases
	// Trigger is a {role, phrases, match} mapping that decides whether a rule applies (a
	// response's trigger, a condition's when): matched as written unless asked otherwise.
	// Reply is a {role, phrases, match, within, before} mapping: a response's answer.
	Trigger(key string) (transcript.Role, Phrases)
	// When reads a condition's when: who says which phrases, and whether a meaning
	// item's match needs a second utterance (meaning_alone: false).
	When(key string) ReplySpec
	Reply(key string) ReplySpec
	// Conditions is a mapping of named {role, phrases, match} conditions (a logic rule's).
	// Those required says are what the rule needs said, matched like a required rule's
	// phrases (the kind's fuzzy); the others are matched like triggers.
	Conditions(key string, required func(name string) bool) map[string]Said
	// Hold is a hold mapping: phrases and match, and for a silence rule (bounds) check_in,
	// max and thanks.
	Hold(key string, bounds bool) *Hold
	// Rules are the rules of a condition group, nested one level deeper.
	Rules(key string) []Rule
}

// Said is a role saying one of some phrases: a named condition.
type Said struct {
	Role    transcript.Role
	Phrases Phrases
}

// Want is how a rule takes a phrase it uses.
type Want int

const (
	// WantOther: a trigger, a condition, a count, a wait.
	WantOther Want = iota
	// WantSaid: the phrase must be said.
	WantSaid
	// WantUnsaid: the phrase must not be said.
	WantUnsaid
)

// Use is a phrase list a rule uses: Part says for what (phrases, steps[2], trigger,
// reply, when, hold, thanks, ignore), Role who must say it ("" for anyone).
type Use struct {
	Part    string
	Role    transcript.Role
	Want    Want
	Phrases Phrases
}

// Described is what every kind's rule says about itself for explain and lint. It is
// separate from Rule so tests may check with rules of their own.
type Described interface {
	Rule
	// Uses lists the rule's own phrase lists (not those of a group's rules).
	Uses() []Use
	// Describe adds the kind's own lines of explain's description, label and value.
	Describe(add func(label, value string))
}

// Stricter is implemented by rules with tolerance beyond their phrases' fuzzy (split,
// guard): Strict turns it off (--strict, see Strict).
type Stricter interface {
	Strict()
}

// UsesOf lists the phrase lists of r; none for a rule that does not describe itself.
func UsesOf(r Rule) []Use {
	if d, ok := r.(Described); ok {
		return d.Uses()
	}
	return nil
}
