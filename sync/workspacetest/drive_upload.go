package workspacetest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// uploadSession is one resumable upload in progress.
type uploadSession struct {
	meta        json.RawMessage
	data        []byte
	contentType string
}

// resumableUpload serves both steps of Drive's resumable protocol. The
// first request (no upload_id) carries the metadata and gets a session URI
// in Location; it keeps the request's query, as Google's does, so fields
// and supportsAllDrives still apply to the final answer. Each chunk is then
// POSTed there with Content-Range. The Go client sends X-GUploader-No-308,
// so an incomplete chunk is answered 200 with X-Http-Status-Code-Override:
// 308 and the Range received so far. When the last byte arrives it returns
// the metadata and content for the create or update to proceed (ok true);
// otherwise it has answered and ok is false.
func (s *Server) resumableUpload(w http.ResponseWriter, r *http.Request) (json.RawMessage, []byte, bool, string, bool) {
	q := r.URL.Query()
	id := q.Get("upload_id")
	if id == "" {
		var meta json.RawMessage
		if !s.decodeBody(w, r, "drive", "File", &meta) {
			return nil, nil, false, "", false
		}
		id = randomID(40)
		s.mu.Lock()
		s.drive.uploads[id] = &uploadSession{meta: meta, contentType: r.Header.Get("X-Upload-Content-Type")}
		s.mu.Unlock()
		q.Set("upload_id", id)
		w.Header().Set("Location", s.URL+r.URL.EscapedPath()+"?"+q.Encode())
		w.WriteHeader(http.StatusOK)
		return nil, nil, false, "", false
	}
	chunk, err := io.ReadAll(r.Body)
	if err != nil {
		writeError(w, http.StatusBadRequest, "badContent", "Could not read the upload: "+err.Error())
		return nil, nil, false, "", false
	}
	first, total, ok := parseContentRange(r.Header.Get("Content-Range"), len(chunk))
	s.mu.Lock()
	defer s.mu.Unlock()
	up, found := s.drive.uploads[id]
	if !found {
		writeError(w, http.StatusNotFound, "notFound", "Upload session not found: "+id)
		return nil, nil, false, "", false
	}
	if !ok || (len(chunk) > 0 && first != int64(len(up.data))) {
		writeError(w, http.StatusBadRequest, "badContent",
			fmt.Sprintf("Bad Content-Range %q: %d bytes received so far.", r.Header.Get("Content-Range"), len(up.data)))
		return nil, nil, false, "", false
	}
	up.data = append(up.data, chunk...)
	if total < 0 || int64(len(up.data)) < total {
		w.Header().Set("X-Http-Status-Code-Override", "308")
		if len(up.data) > 0 {
			w.Header().Set("Range", "bytes=0-"+strconv.Itoa(len(up.data)-1))
		}
		w.WriteHeader(http.StatusOK)
		return nil, nil, false, "", false
	}
	delete(s.drive.uploads, id)
	return up.meta, up.data, true, up.contentType, true
}

// parseContentRange reads "bytes a-b/total", "bytes a-b/*" or
// "bytes */total"; total is -1 when unknown.
func parseContentRange(h string, n int) (first, total int64, ok bool) {
	spec, found := strings.CutPrefix(h, "bytes ")
	if !found {
		return 0, 0, false
	}
	rng, tot, found := strings.Cut(spec, "/")
	if !found {
		return 0, 0, false
	}
	total = -1
	if tot != "*" {
		t, err := strconv.ParseInt(tot, 10, 64)
		if err != nil {
			return 0, 0, false
		}
		total = t
	}
	if rng == "*" {
		return 0, total, n == 0
	}
	a, b, found := strings.Cut(rng, "-")
	x, err1 := strconv.ParseInt(a, 10, 64)
	y, err2 := strconv.ParseInt(b, 10, 64)
	if !found || err1 != nil || err2 != nil || y-x+1 != int64(n) {
		return 0, 0, false
	}
	return x, total, true
}
