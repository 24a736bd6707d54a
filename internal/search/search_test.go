package search_test

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"cchc/internal/search"
)

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Nguyễn Thế Thọ", "nguyen the tho"},
		{"Tái Sơn", "tai son"},
		{"ĐẠI HỌC", "dai hoc"},
		{"Đăng ký khai sinh", "dang ky khai sinh"},
		{"Hộ tịch", "ho tich"},
		{"Phường Thử Tải", "phuong thu tai"},                        // ư and ơ: a horn, not a tone
		{"  Kế hoạch\t CCHC\n năm 2023 ", "ke hoach cchc nam 2023"}, // spaces of any kind, collapsed
		{"4789/KH-UBND", "4789/kh-ubnd"},
		{"50%_x", "50%_x"},
		{"", ""},
		{" \t ", ""},
	} {
		if got := search.Normalize(c.in); got != c.want {
			t.Errorf("Normalize(%q) = %q, want %q", c.in, got, c.want)
		}
		// Decomposed input, as some keyboards and macOS file names send it, gives the same.
		if got := search.Normalize(norm.NFD.String(c.in)); got != c.want {
			t.Errorf("Normalize(NFD %q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestText(t *testing.T) {
	if got := search.Text("Tái Sơn", "11098"); got != "tai son 11098" {
		t.Errorf("Text = %q", got)
	}
	if got := search.Text("Kế hoạch", ""); got != "ke hoach" {
		t.Errorf("Text with an empty part = %q", got)
	}
}

func TestWords(t *testing.T) {
	if got := search.Words("  TÁI   sơn "); !slices.Equal(got, []string{"tai", "son"}) {
		t.Errorf("Words = %q", got)
	}
	if got := search.Words(" "); len(got) != 0 {
		t.Errorf("Words of a blank query = %q", got)
	}
}

func TestMatchRefusesLongQueries(t *testing.T) {
	long := strings.Repeat("ơ", search.MaxQuery+1) // characters, not bytes, are counted
	if _, err := search.Match(&long); err == nil {
		t.Error("a query longer than MaxQuery was accepted")
	}
	ok := "tai son"
	if _, err := search.Match(&ok); err != nil {
		t.Error(err)
	}
	if _, err := search.Match(nil); err != nil {
		t.Error(err)
	}
}
