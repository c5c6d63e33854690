package portal

import (
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/i18n"
)

// waitText says why and until when a dossier waits for the system (""
// when it does not).
func waitText(p i18n.Printer, w dossier.Wait) string {
	switch {
	case !w.Waiting():
		return ""
	case w.Due:
		return p.T("wait.due", w.StepName)
	case w.Retry:
		return p.T("wait.retry", w.StepName, p.DateTime(w.At))
	}
	return p.T("wait.at", w.StepName, p.DateTime(w.At))
}
