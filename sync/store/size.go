package store

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"cloud.google.com/go/firestore"
	"google.golang.org/protobuf/encoding/protowire"
)

// Firestore's limits on a commit and a document, from "Quotas and limits"
// (https://cloud.google.com/firestore/quotas, section "Writes and
// transactions" and "Collections, documents, and fields"): the maximum API
// request size is 10 MiB and the maximum size of a document is 1 MiB
// (1,048,576 bytes); the 500 writes a commit once allowed are kept as
// MaxWritesPerCommit. The Firestore emulator refuses any gRPC message over
// 4 MiB: it answers RESOURCE_EXHAUSTED "gRPC message exceeds maximum size
// 4194304: N" (seen here; also reported in firebase/firebase-tools#8081).
const (
	firestoreRequestLimit  = 10 << 20
	firestoreDocumentLimit = 1 << 20
	emulatorMessageLimit   = 4 << 20
)

// MaxCommitBytes is the most bytes Save puts in one commit request, as
// estimated by its size on the wire (see writeSize): well under the 4 MiB the
// emulator accepts and Firestore's 10 MiB, so an estimate that is off by a
// little never makes a commit refused. A single entity with its audit entry
// and flag records that is larger than this still commits alone.
const MaxCommitBytes = 2 << 20

// The estimate is the size of the protobuf messages the Firestore client
// sends (google.firestore.v1.CommitRequest and its Writes), computed from the
// documents the way the client converts them (firestore tags, omitempty, nil
// slices and maps as null, embedded structs flattened) without building them:
// exact for what the store writes, cheap (no allocation but a small cache of
// each document type's fields) and the measure the request limits apply to.
// Firestore's storage size rules (https://cloud.google.com/firestore/docs/storage-size)
// count differently (one byte per string instead of the wire's tag and
// length), so they would misjudge what a request weighs.
// TestWriteSizeMatchesTheWire compares it with what the client really sends.

// commitOverhead is what a CommitRequest holds besides its writes: the
// database name and the transaction ID (a few dozen bytes; 64 allowed).
func commitOverhead(database string) int {
	return protowire.SizeTag(1) + protowire.SizeBytes(len(database)) + protowire.SizeTag(3) + protowire.SizeBytes(64)
}

// databaseOf returns the database resource name a document belongs to.
func databaseOf(ref *firestore.DocumentRef) string {
	if i := strings.Index(ref.Path, "/documents/"); i >= 0 {
		return ref.Path[:i]
	}
	return ref.Path
}

// setWriteSize is the size, within a CommitRequest, of a Write that sets the
// whole document at ref to data (a pointer to a document struct).
func setWriteSize(ref *firestore.DocumentRef, data any) int {
	doc := protowire.SizeTag(1) + protowire.SizeBytes(len(ref.Path)) + structFieldsSize(2, reflect.ValueOf(data))
	write := protowire.SizeTag(1) + protowire.SizeBytes(doc)
	return protowire.SizeTag(2) + protowire.SizeBytes(write)
}

// updateWriteSize is the size, within a CommitRequest, of a Write that
// updates only the given fields of the document at ref (with its "the
// document exists" precondition). Paths have one or two parts.
func updateWriteSize(ref *firestore.DocumentRef, updates []firestore.Update) int {
	type group struct {
		direct int // the field's own value, when set whole
		nested int // the entries set under it
	}
	groups := map[string]*group{}
	mask := 0
	for _, u := range updates {
		fp := u.FieldPath
		mask += protowire.SizeTag(1) + protowire.SizeBytes(len(servicePath(fp)))
		if u.Value == firestore.Delete {
			continue // in the mask only
		}
		g := groups[fp[0]]
		if g == nil {
			g = &group{}
			groups[fp[0]] = g
		}
		if len(fp) == 1 {
			g.direct = valueSize(reflect.ValueOf(u.Value))
		} else {
			g.nested += entrySize(1, fp[1], valueSize(reflect.ValueOf(u.Value)))
		}
	}
	fields := 0
	for name, g := range groups {
		v := g.direct
		if g.nested > 0 {
			v = protowire.SizeTag(6) + protowire.SizeBytes(g.nested) // a map_value
		}
		fields += entrySize(2, name, v)
	}
	doc := protowire.SizeTag(1) + protowire.SizeBytes(len(ref.Path)) + fields
	precondition := protowire.SizeTag(1) + 1 // exists: true
	write := protowire.SizeTag(1) + protowire.SizeBytes(doc) +
		protowire.SizeTag(2) + protowire.SizeBytes(mask) +
		protowire.SizeTag(4) + protowire.SizeBytes(precondition)
	return protowire.SizeTag(2) + protowire.SizeBytes(write)
}

var (
	simpleFieldName = regexp.MustCompile(`^[A-Za-z_][A-Za-z_0-9]*$`)
	backtickEscaper = strings.NewReplacer("\\", "\\\\", "`", "\\`")
)

// servicePath writes a field path the way the client puts it in an update
// mask: parts joined by dots, each part not a simple name quoted in
// backticks with ` and \ escaped.
func servicePath(fp firestore.FieldPath) string {
	parts := make([]string, len(fp))
	for i, p := range fp {
		if simpleFieldName.MatchString(p) {
			parts[i] = p
			continue
		}
		parts[i] = "`" + backtickEscaper.Replace(p) + "`"
	}
	return strings.Join(parts, ".")
}

// entrySize is the size of one map<string, Value> entry (field number f)
// whose value message is valueLen bytes.
func entrySize(f protowire.Number, key string, valueLen int) int {
	e := protowire.SizeTag(1) + protowire.SizeBytes(len(key)) + protowire.SizeTag(2) + protowire.SizeBytes(valueLen)
	return protowire.SizeTag(f) + protowire.SizeBytes(e)
}

var nullSize = protowire.SizeTag(11) + protowire.SizeVarint(0)

var timeType = reflect.TypeOf(time.Time{})

// valueSize is the size of the google.firestore.v1.Value the client makes of v.
func valueSize(v reflect.Value) int {
	if !v.IsValid() {
		return nullSize
	}
	if v.Type() == timeType {
		t := v.Interface().(time.Time)
		ts := 0
		if s := t.Unix(); s != 0 {
			ts += protowire.SizeTag(1) + protowire.SizeVarint(uint64(s))
		}
		if n := t.Nanosecond(); n != 0 {
			ts += protowire.SizeTag(2) + protowire.SizeVarint(uint64(n))
		}
		return protowire.SizeTag(10) + protowire.SizeBytes(ts)
	}
	switch v.Kind() {
	case reflect.Bool:
		return protowire.SizeTag(1) + 1
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return protowire.SizeTag(2) + protowire.SizeVarint(uint64(v.Int()))
	case reflect.String:
		return protowire.SizeTag(17) + protowire.SizeBytes(v.Len())
	case reflect.Slice:
		if v.IsNil() {
			return nullSize
		}
		arr := 0
		for i := range v.Len() {
			arr += protowire.SizeTag(1) + protowire.SizeBytes(valueSize(v.Index(i)))
		}
		return protowire.SizeTag(9) + protowire.SizeBytes(arr)
	case reflect.Map:
		if v.IsNil() {
			return nullSize
		}
		fields := 0
		if m, ok := v.Interface().(map[string]string); ok { // attendance: thousands of entries
			for k, s := range m {
				fields += entrySize(1, k, protowire.SizeTag(17)+protowire.SizeBytes(len(s)))
			}
		} else {
			for it := v.MapRange(); it.Next(); {
				fields += entrySize(1, it.Key().String(), valueSize(it.Value()))
			}
		}
		return protowire.SizeTag(6) + protowire.SizeBytes(fields)
	case reflect.Struct:
		return protowire.SizeTag(6) + protowire.SizeBytes(structFieldsSize(1, v))
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nullSize
		}
		return valueSize(v.Elem())
	}
	return nullSize // not a type the store writes
}

// structFieldsSize is the size of the fields (a map<string, Value>, field
// number f) the client makes of a struct or a pointer to one.
func structFieldsSize(f protowire.Number, v reflect.Value) int {
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	n := 0
	for _, fd := range docFields(v.Type()) {
		fv := v.FieldByIndex(fd.index)
		if fd.omitEmpty && isEmpty(fv) {
			continue
		}
		n += entrySize(f, fd.name, valueSize(fv))
	}
	return n
}

// isEmpty is the client's test for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	if v.Type() == timeType {
		return v.Interface().(time.Time).IsZero()
	}
	return false
}

// docField is one field of a document struct as Firestore stores it.
type docField struct {
	index     []int
	name      string
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type → []docField

// docFields lists the fields the client writes for a struct type: exported
// fields under their firestore tag name, embedded structs flattened, "-"
// left out.
func docFields(t reflect.Type) []docField {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]docField)
	}
	var out []docField
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			sf := t.Field(i)
			tag := sf.Tag.Get("firestore")
			index := append(append([]int(nil), prefix...), i)
			if sf.Anonymous && tag == "" && sf.Type.Kind() == reflect.Struct {
				walk(sf.Type, index)
				continue
			}
			if !sf.IsExported() || tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if name == "" {
				name = sf.Name
			}
			out = append(out, docField{index: index, name: name, omitEmpty: strings.Contains(opts, "omitempty")})
		}
	}
	walk(t, nil)
	fieldCache.Store(t, out)
	return out
}
