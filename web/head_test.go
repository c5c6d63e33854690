package web_test

import (
	"net/http"
	"testing"

	"github.com/motcua/motcua/internal/apptest"
	"github.com/motcua/motcua/web/route"
)

// TestHeadOnOpsRoutes: the routes registered beside the table (health,
// readiness, metrics, the API description, static files, favicon,
// robots.txt) answer HEAD as they answer GET, with no body. The table's
// routes are checked by TestEveryRouteAgainstEveryRole.
func TestHeadOnOpsRoutes(t *testing.T) {
	env := apptest.New(t)
	c := env.Client(t)
	c.SkipHTMLCheck = true
	css := env.App.Assets.Path("css/app.css")
	for _, p := range []string{route.PathHealth, route.PathReady, route.PathMetrics, route.PathAPIOpenAPI,
		css, route.PathStaticPrefix + "khong-co.css", route.PathFavicon, route.PathRobots} {
		get := c.Get(p)
		head := c.Do(http.MethodHead, p, nil)
		if head.Status != get.Status || len(head.Body) != 0 || head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q (%d bytes), want GET's %d %q and no body", p, head.Status,
				head.Header.Get("Content-Type"), len(head.Body), get.Status, get.Header.Get("Content-Type"))
		}
	}
}
