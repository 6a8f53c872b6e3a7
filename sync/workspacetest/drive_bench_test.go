package workspacetest_test

import (
	"fmt"
	"testing"

	"google.golang.org/api/drive/v3"
)

// BenchmarkDriveFilesList measures one files.list with a q filter over 500
// files, through the drive/v3 client (HTTP on loopback included).
func BenchmarkDriveFilesList(b *testing.B) {
	_, srv := dcDriveB(b)
	folder, err := srv.Files.Create(&drive.File{Name: "f", MimeType: "application/vnd.google-apps.folder"}).Do()
	if err != nil {
		b.Fatal(err)
	}
	for i := range 500 {
		f := &drive.File{Name: fmt.Sprintf("doc %d", i), Parents: []string{folder.Id},
			AppProperties: map[string]string{"n": fmt.Sprint(i % 10)}}
		if _, err := srv.Files.Create(f).Do(); err != nil {
			b.Fatal(err)
		}
	}
	q := "'" + folder.Id + "' in parents and trashed = false and appProperties has { key='n' and value='3' }"
	b.ReportAllocs()
	for b.Loop() {
		l, err := srv.Files.List().Q(q).Fields("files(id,name)").Do()
		if err != nil || len(l.Files) != 50 {
			b.Fatalf("list = %v, %v", l, err)
		}
	}
}
