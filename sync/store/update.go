package store

import (
	"reflect"
	"sort"
	"time"

	"cloud.google.com/go/firestore"
)

// fieldUpdates returns the field updates that turn the stored document prev
// into next (pointers to the same document type: an entity or the sync
// state), so that a save sends only what changed: one attendance mark of a
// meeting of thousands of members is one entry, not the whole meeting. The
// document then holds exactly what setting next whole would have stored:
// fields are compared as the client writes them (firestore tags, omitempty
// fields deleted when they become empty), and a map of strings (a meeting's
// attendance) is updated entry by entry when fewer than half its entries
// changed. It returns nil when prev and next are not of the same type or
// nothing differs; the caller then sets the document whole.
func fieldUpdates(prev, next any) []firestore.Update {
	pv, nv := reflect.ValueOf(prev), reflect.ValueOf(next)
	if pv.Type() != nv.Type() || pv.Kind() != reflect.Pointer || pv.IsNil() || nv.IsNil() {
		return nil
	}
	pv, nv = pv.Elem(), nv.Elem()
	var out []firestore.Update
	for _, fd := range docFields(nv.Type()) {
		a, b := pv.FieldByIndex(fd.index), nv.FieldByIndex(fd.index)
		if fd.omitEmpty && isEmpty(b) {
			if !isEmpty(a) {
				out = append(out, firestore.Update{FieldPath: firestore.FieldPath{fd.name}, Value: firestore.Delete})
			}
			continue
		}
		if sameValue(a, b) {
			continue
		}
		if am, ok := a.Interface().(map[string]string); ok {
			if ups, ok := mapUpdates(fd.name, am, b.Interface().(map[string]string)); ok {
				out = append(out, ups...)
				continue
			}
		}
		out = append(out, firestore.Update{FieldPath: firestore.FieldPath{fd.name}, Value: b.Interface()})
	}
	return out
}

func sameValue(a, b reflect.Value) bool {
	if a.Type() == timeType {
		return a.Interface().(time.Time).Equal(b.Interface().(time.Time))
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

// mapUpdates returns the entry updates that turn the stored map before into
// after (ok false: set the field whole instead, because before is empty or
// absent, after is empty, or most entries changed, or a key cannot be a
// field path part).
func mapUpdates(field string, before, after map[string]string) (ups []firestore.Update, ok bool) {
	if len(before) == 0 || len(after) == 0 {
		return nil, false
	}
	var keys []string
	for k, v := range after {
		if w, found := before[k]; !found || w != v {
			keys = append(keys, k)
		}
	}
	for k := range before {
		if _, found := after[k]; !found {
			keys = append(keys, k)
		}
	}
	if 2*len(keys) > len(after) {
		return nil, false
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "" || len(k) > maxPathKey {
			return nil, false
		}
		var v any = firestore.Delete
		if s, found := after[k]; found {
			v = s
		}
		ups = append(ups, firestore.Update{FieldPath: firestore.FieldPath{field, k}, Value: v})
	}
	return ups, true
}

// maxPathKey keeps a field path under Firestore's 1,500 bytes
// (https://cloud.google.com/firestore/quotas, "Maximum size of a field path").
const maxPathKey = 1000
