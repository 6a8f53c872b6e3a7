package engine

import (
	"encoding/json"
	"hash"
)

// writeTab writes to h what contentHash has always hashed for one tab: its
// name, a NUL, the tab's JSON encoding (encoding/json's, byte for byte)
// and a NUL. It encodes the common cell (printable ASCII with nothing to
// escape) itself, and hands any other cell to encoding/json, so the
// content hashes recorded by earlier versions stay valid; reflection and
// one large buffer per tab are what it saves (the sheet is hashed twice a
// run: as read, and as the run leaves it).
func writeTab(h hash.Hash, name string, rows [][]string) {
	buf := make([]byte, 0, 32<<10)
	flush := func() {
		h.Write(buf)
		buf = buf[:0]
	}
	buf = append(buf, name...)
	buf = append(buf, 0)
	if rows == nil {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '[')
		for i, row := range rows {
			if i > 0 {
				buf = append(buf, ',')
			}
			if row == nil {
				buf = append(buf, "null"...)
				continue
			}
			buf = append(buf, '[')
			for j, cell := range row {
				if j > 0 {
					buf = append(buf, ',')
				}
				buf = appendJSONString(buf, cell)
			}
			buf = append(buf, ']')
			if len(buf) > 16<<10 {
				flush()
			}
		}
		buf = append(buf, ']')
	}
	buf = append(buf, 0)
	flush()
}

// appendJSONString appends s as encoding/json encodes it.
func appendJSONString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			b, _ := json.Marshal(s) // escapes, HTML-safe characters, invalid UTF-8
			return append(buf, b...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}
