package sqlstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"postcrm"
)

// A waybill is stored as its key, the two columns an index needs
// (customer code, accepted at) and the rest as one JSON array, the
// "fields" column: one value to bind instead of ten roughly doubles what
// SQLite inserts per CPU second, and JSON keeps the column readable with
// SQL (json_extract, ->>). The order of the array is fixed:
//
//	office_code, courier_staff_id, sender_phone, product, weight_g,
//	postage_fen, payment, channel, dest_province

// appendWaybillFields appends w's fields column to dst.
func appendWaybillFields(dst []byte, w *postcrm.Waybill) []byte {
	dst = append(dst, '[')
	dst = appendJSONString(dst, w.OfficeCode)
	dst = append(dst, ',')
	dst = appendJSONString(dst, w.CourierStaffID)
	dst = append(dst, ',')
	dst = appendJSONString(dst, w.SenderPhone)
	dst = append(dst, ',')
	dst = appendJSONString(dst, w.Product)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, w.WeightG, 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, w.PostageFen, 10)
	dst = append(dst, ',')
	dst = appendJSONString(dst, string(w.Payment))
	dst = append(dst, ',')
	dst = appendJSONString(dst, string(w.Channel))
	dst = append(dst, ',')
	dst = appendJSONString(dst, w.DestProvince)
	return append(dst, ']')
}

// appendJSONString appends s quoted. Values are valid UTF-8 (the readers
// decode every file to it) and almost never need escaping, so they are
// copied as they are unless they do.
func appendJSONString(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c == 0x7f {
			return appendEscaped(dst, s)
		}
	}
	if !utf8.ValidString(s) {
		return appendEscaped(dst, s)
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

func appendEscaped(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return append(dst, b...)
}

// decodeWaybillFields fills w from a fields column.
func decodeWaybillFields(fields string, w *postcrm.Waybill) error {
	into := [...]any{&w.OfficeCode, &w.CourierStaffID, &w.SenderPhone, &w.Product,
		&w.WeightG, &w.PostageFen, &w.Payment, &w.Channel, &w.DestProvince}
	if err := json.Unmarshal([]byte(fields), &into); err != nil {
		return fmt.Errorf("waybill %s fields %.80q: %w", w.No, fields, err)
	}
	return nil
}
