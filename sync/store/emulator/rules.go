package emulator

import (
	"encoding/json"
	"fmt"
)

type rulesFile struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}

type rulesBody struct {
	Rules struct {
		Files []rulesFile `json:"files"`
	} `json:"rules"`
}

func jsonRules(source string) ([]byte, error) {
	var b rulesBody
	b.Rules.Files = []rulesFile{{Name: "firestore.rules", Content: source}}
	out, err := json.Marshal(b)
	if err != nil {
		return nil, fmt.Errorf("encode security rules: %w", err)
	}
	return out, nil
}
