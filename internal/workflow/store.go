package workflow

import "github.com/motcua/motcua/internal/caseversion"

// Head says which versions of one case's internal process exist: the
// published version, the draft (0 when none) and the revision an editor
// loading the process now would send back as SaveDraft's basedOn.
type Head = caseversion.Head

// Store persists internal processes: numbered versions per procedure code
// and case, at most one draft and one published version per case. Methods
// that read one definition return ErrNotFound when there is none;
// SaveDraft returns it when the procedure does not exist, Publish and
// DiscardDraft return ErrNoDraft when there is no draft.
type Store = caseversion.Store[Flow, Definition]
