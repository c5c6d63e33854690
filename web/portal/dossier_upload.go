package portal

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/motcua/motcua/internal/account"
	"github.com/motcua/motcua/internal/upload"
	"github.com/motcua/motcua/internal/valid"
)

// refusedFile turns an upload's refusal into the errors shown beside its
// field, with the status of the page shown again: the file's own problems
// (422), or a file store that cannot take files now (503: nothing was
// kept, and the person sends it again later with the rest of the form as
// they typed it). ok is false for any other error.
func refusedFile(field string, err error) (errs valid.Errors, status int, ok bool) {
	switch {
	case errors.As(err, &errs):
		return errs, http.StatusUnprocessableEntity, true
	case errors.Is(err, upload.ErrUnavailable):
		errs.Add(field, "dossier.error.store_unavailable")
		return errs, http.StatusServiceUnavailable, true
	}
	return nil, 0, false
}

// discardUploads takes back the files a post uploaded to the draft when
// the post as a whole fails, so that a refused post leaves no file behind
// (rows first, then the files no row names any more). It goes on when the
// client has gone away.
func (h *DossierHandler) discardUploads(ctx context.Context, me account.User, draft string, uploaded map[string][]string) {
	ctx = context.WithoutCancel(ctx)
	for _, ids := range uploaded {
		for _, aid := range ids {
			_ = h.Dossiers.RemoveFile(ctx, me, draft, aid)
		}
	}
}

// renderConflict answers a page save that kept losing races to other saves
// of the same draft (several uploads at once): 409, the page as it now
// stands, and a message beside the files sent (or the page's first field)
// that nothing of this post was kept.
func (h *DossierHandler) renderConflict(c echo.Context, draft, pageID string, uploaded map[string][]string) error {
	w, err := h.Dossiers.Open(c.Request().Context(), actor(c), draft)
	if err != nil {
		return dossierError(err)
	}
	page, ok := w.Form.Page(pageID)
	if !ok {
		return echo.ErrNotFound
	}
	var errs valid.Errors
	for _, fl := range page.Fields() {
		if _, sent := uploaded[fl.ID]; sent || (len(uploaded) == 0 && len(errs) == 0) {
			errs.Add(fl.ID, "dossier.error.conflict")
		}
	}
	return h.renderPage(c, http.StatusConflict, w, page, errs)
}
