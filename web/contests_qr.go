package web

import (
	"net/http"

	qr "github.com/piglig/go-qr"
)

// The phones join by scanning a QR code of the join address on the big
// screen or the host console; the address carries the join code, so a
// scan is all a team needs.

// contestJoinURL is the address a phone opens to join: this server as
// the screen reached it (a stage laptop and the phones are on one
// network) and the contest's code.
func (s *Server) contestJoinURL(req *Request, code string) string {
	scheme := "http"
	if s.secure(req.Request) {
		scheme = "https"
	}
	return scheme + "://" + req.Host + "/b/" + code
}

// contestQR serves the join address as a PNG QR code. Medium error
// correction survives a projector's glare; 8 px a module and the
// standard 4-module quiet zone scan from a few metres.
func (s *Server) contestQR(w http.ResponseWriter, req *Request) error {
	_, c, err := s.contests.Match(req.Context(), req.PathValue("code"))
	if err != nil {
		return err
	}
	code, err := qr.EncodeText(s.contestJoinURL(req, c.Code), qr.Medium)
	if err != nil {
		return err
	}
	png, err := code.ToPNGBytes(qr.NewQrCodeImgConfig(8, 4))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(png)
	return err
}
