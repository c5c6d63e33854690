package workflow

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/audit"
)

// Audit fields Diff writes.
const (
	DiffSteps        = "steps"         // step ids in order, when steps were added, removed or reordered
	DiffStepsAdded   = "steps_added"   // New lists them
	DiffStepsRemoved = "steps_removed" // Old lists them
	DiffStepsChanged = "steps_changed" // New lists them
	DiffSupplement   = "supplement"    // old and new pause mode
)

// DiffFields lists the audit fields Diff writes, in its order.
var DiffFields = []string{DiffSteps, DiffStepsAdded, DiffStepsRemoved, DiffStepsChanged, DiffSupplement}

// Diff lists what changed from old to next, compactly, for the audit
// trail: the step ids when steps were added, removed or reordered; the
// steps added, removed or changed (any of their attributes), each as
// "id (Name)"; and the supplement mode. Nothing changed, nothing listed.
func Diff(old, next Flow) []audit.Change {
	var out []audit.Change
	oldIDs, nextIDs := stepIDs(old), stepIDs(next)
	if !slices.Equal(oldIDs, nextIDs) {
		out = append(out, audit.Change{Field: DiffSteps, Old: strings.Join(oldIDs, ", "), New: strings.Join(nextIDs, ", ")})
	}
	oldBy, nextBy := stepsByID(old), stepsByID(next)
	var added, removed, changed []string
	for _, id := range nextIDs {
		o, ok := oldBy[id]
		switch {
		case !ok:
			added = append(added, stepName(nextBy[id]))
		case stepJSON(o) != stepJSON(nextBy[id]):
			changed = append(changed, stepName(nextBy[id]))
		}
	}
	for _, id := range oldIDs {
		if _, ok := nextBy[id]; !ok {
			removed = append(removed, stepName(oldBy[id]))
		}
	}
	if len(added) > 0 {
		out = append(out, audit.Change{Field: DiffStepsAdded, New: strings.Join(added, ", ")})
	}
	if len(removed) > 0 {
		out = append(out, audit.Change{Field: DiffStepsRemoved, Old: strings.Join(removed, ", ")})
	}
	if len(changed) > 0 {
		out = append(out, audit.Change{Field: DiffStepsChanged, New: strings.Join(changed, ", ")})
	}
	if old.Supplement != next.Supplement {
		out = append(out, audit.Change{Field: DiffSupplement, Old: string(old.Supplement), New: string(next.Supplement)})
	}
	return out
}

// stepIDs lists the step ids in order, each once (the first definition
// wins, as everywhere).
func stepIDs(f Flow) []string {
	var ids []string
	for _, s := range f.Steps {
		if !slices.Contains(ids, s.ID) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

func stepsByID(f Flow) map[string]Step {
	m := map[string]Step{}
	for _, s := range f.Steps {
		if _, dup := m[s.ID]; !dup {
			m[s.ID] = s
		}
	}
	return m
}

func stepName(s Step) string {
	n := strings.Join(strings.Fields(s.Name), " ")
	if n == "" {
		return s.ID
	}
	return s.ID + " (" + n + ")"
}

func stepJSON(s Step) string {
	b, _ := json.Marshal(s) // strings, numbers and slices of them: cannot fail
	return string(b)
}
