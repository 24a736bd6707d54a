package importer

import (
	"fmt"
	"strconv"
	"strings"

	"cchc/ent/dossier"
)

// statusCodes maps the portal's TrangThaiHoSo codes to dossier statuses.
// Code 1 (Mới đăng ký: submitted online, not yet accepted) has no status: such
// a dossier has not been received, and the figures count dossiers from their
// receipt, so its row is refused (see statusOf).
var statusCodes = map[int]dossier.Status{
	2:  dossier.StatusRECEIVED,             // Được tiếp nhận
	3:  dossier.StatusREJECTED,             // Không được tiếp nhận
	4:  dossier.StatusIN_PROGRESS,          // Đang xử lý
	5:  dossier.StatusSUPPLEMENT_REQUESTED, // Yêu cầu bổ sung giấy tờ
	6:  dossier.StatusIN_PROGRESS,          // Yêu cầu thực hiện nghĩa vụ tài chính: still in progress
	7:  dossier.StatusWITHDRAWN,            // Công dân yêu cầu rút hồ sơ
	8:  dossier.StatusSTOPPED,              // Dừng xử lý
	9:  dossier.StatusRESOLVED,             // Đã xử lý xong
	10: dossier.StatusRETURNED,             // Đã trả kết quả
}

// channelCodes maps the portal's KenhThucHien codes to channels.
var channelCodes = map[int]dossier.Channel{
	1: dossier.ChannelDIRECT, // Trực tiếp
	2: dossier.ChannelONLINE, // Trực tuyến
	3: dossier.ChannelPOSTAL, // Dịch vụ bưu chính công ích
}

// statusOf reads a TrangThaiHoSo cell: a portal code 2–10, or the name of a
// status as the API writes it (RECEIVED …), so that cchc's own exports can
// be imported again.
func statusOf(s string) (dossier.Status, error) {
	if n, err := strconv.Atoi(s); err == nil {
		if st, ok := statusCodes[n]; ok {
			return st, nil
		}
		if n == 1 {
			return "", fmt.Errorf("code 1 (Mới đăng ký / registered, not yet received) is not a received dossier: " +
				"the figures count dossiers from their receipt; leave the row out and import it once it is received (code 2 or later)")
		}
		return "", fmt.Errorf("%s is not a status code: use 2–10 of the national portal (2 Được tiếp nhận … 10 Đã trả kết quả)", quote(s))
	}
	st := dossier.Status(strings.ToUpper(s))
	if dossier.StatusValidator(st) == nil {
		return st, nil
	}
	return "", fmt.Errorf("%s is not a status: use a code 2–10 of the national portal (2 Được tiếp nhận … 10 Đã trả kết quả)", quote(s))
}

// channelOf reads a KenhThucHien cell: a portal code 1–3, or ONLINE, DIRECT or POSTAL.
func channelOf(s string) (dossier.Channel, error) {
	if n, err := strconv.Atoi(s); err == nil {
		if ch, ok := channelCodes[n]; ok {
			return ch, nil
		}
	} else if ch := dossier.Channel(strings.ToUpper(s)); dossier.ChannelValidator(ch) == nil {
		return ch, nil
	}
	return "", fmt.Errorf("%s is not a channel: use 1 (Trực tiếp / DIRECT), 2 (Trực tuyến / ONLINE) or 3 (Bưu chính công ích / POSTAL)", quote(s))
}

// quote writes a value of the file into a message, cut to 40 characters:
// a cell may be megabytes long.
func quote(s string) string {
	const most = 40
	n := 0
	for i := range s {
		if n == most {
			return strconv.Quote(s[:i]) + "…"
		}
		n++
	}
	return strconv.Quote(s)
}
