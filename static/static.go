// Package static owns the embedded CSS, JavaScript and images and serves
// them under content-fingerprinted URLs.
//
// A fingerprint is the first 8 hex digits of the file's SHA-256, inserted
// before the extension (css/app.css -> /static/css/app.3f2a9c1b.css). Because
// the URL changes whenever the bytes change, responses can be cached forever
// ("immutable"), which matters on slow connections. The package imports only
// the standard library.
package static

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed css js img
var files embed.FS

// Prefix is the URL path under which all assets are served.
const Prefix = "/static/"

// cacheControl lets browsers and proxies keep a fingerprinted file for a year
// without revalidating it.
const cacheControl = "public, max-age=31536000, immutable"

// asset is one embedded file ready to be served.
type asset struct {
	name        string // logical name, e.g. "css/app.css"
	body        []byte
	gzipped     []byte // nil when compression does not pay off
	contentType string
}

// Assets maps logical file names to fingerprinted URLs and serves them.
// It is immutable after New and safe for concurrent use.
type Assets struct {
	paths  map[string]string // logical name -> fingerprinted URL path
	byPath map[string]*asset // fingerprinted URL path -> asset
}

// New reads every embedded file and computes its fingerprint.
func New() (*Assets, error) {
	return newFromFS(files)
}

func newFromFS(fsys fs.FS) (*Assets, error) {
	a := &Assets{paths: map[string]string{}, byPath: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("static: read %s: %w", name, err)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		urlPath := Prefix + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ct, compress := contentType(ext)
		f := &asset{name: name, body: body, contentType: ct}
		if compress {
			gz, err := gzipBytes(body)
			if err != nil {
				return fmt.Errorf("static: compress %s: %w", name, err)
			}
			if len(gz) < len(body) {
				f.gzipped = gz
			}
		}
		a.paths[name] = urlPath
		a.byPath[urlPath] = f
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Path returns the fingerprinted URL for a logical name such as
// "css/app.css" (a leading "/" or "/static/" is accepted too). An unknown
// name yields the plain, unfingerprinted "/static/<name>", which the handler
// answers with 404; tests that render pages look for that to catch typos.
func (a *Assets) Path(name string) string {
	name = strings.TrimPrefix(strings.TrimPrefix(name, "/"), "static/")
	if a != nil {
		if p, ok := a.paths[name]; ok {
			return p
		}
	}
	return Prefix + name
}

// Names returns the logical names of all embedded files, sorted.
func (a *Assets) Names() []string {
	names := make([]string, 0, len(a.paths))
	for n := range a.paths {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Handler serves fingerprinted paths. It accepts both the full path
// ("/static/css/app.<hash>.css") and one with the "/static" prefix already
// stripped, so it can be mounted either way. Anything else is a 404: an
// unfingerprinted URL must not be cached for a year.
func (a *Assets) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		p := r.URL.Path
		if !strings.HasPrefix(p, Prefix) {
			p = strings.TrimSuffix(Prefix, "/") + "/" + strings.TrimPrefix(p, "/")
		}
		f, ok := a.byPath[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		body := f.body
		h.Set("Content-Type", f.contentType)
		h.Set("Cache-Control", cacheControl)
		if f.gzipped != nil {
			h.Add("Vary", "Accept-Encoding")
			if acceptsGzip(r.Header.Get("Accept-Encoding")) {
				h.Set("Content-Encoding", "gzip")
				body = f.gzipped
			}
		}
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		if r.Method == http.MethodHead {
			return
		}
		_, _ = w.Write(body) // the client went away; nothing useful to do
	})
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip. It
// honours an explicit "q=0" refusal and ignores other parameters.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}

// contentType pins the types we ship, so responses do not depend on the
// host's mime.types file, and says whether the type is worth gzipping.
func contentType(ext string) (ct string, compress bool) {
	switch ext {
	case ".css":
		return "text/css; charset=utf-8", true
	case ".js":
		return "text/javascript; charset=utf-8", true
	case ".svg":
		return "image/svg+xml", true
	case ".json":
		return "application/json", true
	case ".txt":
		return "text/plain; charset=utf-8", true
	case ".png":
		return "image/png", false
	case ".ico":
		return "image/x-icon", true
	case ".woff2":
		return "font/woff2", false
	}
	if ct := mime.TypeByExtension(ext); ct != "" {
		return ct, false
	}
	return "application/octet-stream", false
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
