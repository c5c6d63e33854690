package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/motcua/motcua/bench/internal/benchkit"
)

// attachment is what the database says of one stored file.
type attachment struct {
	slot string
	size int64
	sha  string
	key  string
}

// verify checks the database after the run: want dossiers, numbered
// 1..N per receiving unit and day without gap or duplicate, each with
// exactly one attachment, in the file slot, of the size and SHA-256 of the
// PDF sent, whose stored bytes hash to that SHA-256.
func verify(ctx context.Context, env *benchkit.Env, want int, sent attachment) (string, error) {
	rows, err := env.DB.SQL().QueryContext(ctx, `SELECT d.code, a.slot, a.size, a.sha256, a.storage_key
		FROM dossiers d LEFT JOIN attachments a ON a.dossier_id = d.id ORDER BY d.code, a.id`)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	files := map[string][]attachment{}
	var codes []string
	for rows.Next() {
		var (
			code           string
			slot, sha, key sql.NullString
			size           sql.NullInt64
		)
		if err := rows.Scan(&code, &slot, &size, &sha, &key); err != nil {
			return "", err
		}
		if _, seen := files[code]; !seen {
			codes = append(codes, code)
			files[code] = nil
		}
		if slot.Valid {
			files[code] = append(files[code], attachment{slot: slot.String, size: size.Int64, sha: sha.String, key: key.String})
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(codes) != want {
		return "", fmt.Errorf("%d dossiers in the database, %d submissions counted", len(codes), want)
	}

	// Codes: {unit}-{yyMMdd}-{NNNN}; per unit and day, 1..N.
	numbers := map[string][]int{}
	for _, code := range codes {
		i := strings.LastIndexByte(code, '-')
		n, err := strconv.Atoi(code[i+1:])
		if i < 0 || err != nil {
			return "", fmt.Errorf("dossier code %q is not {unit}-{yyMMdd}-{NNNN}", code)
		}
		numbers[code[:i]] = append(numbers[code[:i]], n)
	}
	var series []string
	for prefix, ns := range numbers {
		slices.Sort(ns)
		for i, n := range ns {
			if n != i+1 {
				return "", fmt.Errorf("codes of %s: number %d where %d was due (gap or duplicate)", prefix, n, i+1)
			}
		}
		series = append(series, fmt.Sprintf("%s-0001..%04d", prefix, len(ns)))
	}
	slices.Sort(series)

	// Files: the one PDF of each dossier, and the bytes behind it.
	for _, code := range codes {
		fs := files[code]
		if len(fs) != 1 {
			return "", fmt.Errorf("dossier %s has %d attachments, want 1", code, len(fs))
		}
		f := fs[0]
		if f.slot != sent.slot || f.size != sent.size || f.sha != sent.sha {
			return "", fmt.Errorf("dossier %s: attachment in slot %q, %d bytes, SHA-256 %s; sent %q, %d bytes, %s",
				code, f.slot, f.size, f.sha, sent.slot, sent.size, sent.sha)
		}
		got, n, err := storedHash(ctx, env, f.key)
		if err != nil {
			return "", fmt.Errorf("dossier %s: stored file %s: %w", code, f.key, err)
		}
		if got != sent.sha || n != sent.size {
			return "", fmt.Errorf("dossier %s: stored file %s has %d bytes hashing to %s, want %d bytes, %s",
				code, f.key, n, got, sent.size, sent.sha)
		}
	}
	return fmt.Sprintf("%d dossiers, codes %s without gap or duplicate, each with one %d-byte PDF in %s whose stored bytes hash to the SHA-256 sent (%s)",
		len(codes), strings.Join(series, ", "), sent.size, sent.slot, sent.sha[:16]+"…"), nil
}

// storedHash reads a file back from the file store.
func storedHash(ctx context.Context, env *benchkit.Env, key string) (string, int64, error) {
	r, err := env.App.Files.Open(ctx, key)
	if err != nil {
		return "", 0, err
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return "", 0, err
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}
