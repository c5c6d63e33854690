package workflow

import (
	"bytes"
	"fmt"

	"github.com/motcua/motcua/internal/strictjson"
)

// ParseFlow reads a flow as an administrator or a seed file writes it: one
// JSON object with the attributes of Flow and nothing else, so that a
// misspelt attribute ("budget_hour") is refused rather than silently
// dropped. Errors wrap a *strictjson.Error, which says where.
func ParseFlow(data []byte) (Flow, error) {
	var f Flow
	if err := decodeStrict(data, &f); err != nil {
		return Flow{}, err
	}
	return f, nil
}

// decodeStrict reads data into v as ParseFlow does.
func decodeStrict(data []byte, v any) error {
	if err := strictjson.Decode(data, v); err != nil {
		return fmt.Errorf("workflow: flow %w", err)
	}
	return nil
}

// FormatFlow writes a flow as indented JSON, as the editor shows it and
// ParseFlow reads it back.
func FormatFlow(f Flow) []byte { return strictjson.Format(f) }

// SameFlow reports whether two flows say the same, as stored.
func SameFlow(a, b Flow) bool { return bytes.Equal(FormatFlow(a), FormatFlow(b)) }
