package web

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"postcrm"
	"postcrm/campaign"
)

// giftPage is the counter's gift form: phone and waybill number, the
// campaign's rule beside them, and the gifts the user recorded lately.
type giftPage struct {
	Campaign campaignRow
	Values   giftInput
	Done     string
	Recent   []giftJSON
	fieldRefusal
}

type giftInput struct {
	Phone     string `json:"phone"`
	WaybillNo string `json:"waybill_no"`
}

func (s *Server) giftPageData(req *Request) (giftPage, error) {
	id, err := campaignID(req)
	if err != nil {
		return giftPage{}, err
	}
	c, err := s.campaigns.Campaign(req.Context(), req.Scope, id)
	if err != nil {
		return giftPage{}, err
	}
	offices, _, err := s.officesOf(req)
	if err != nil {
		return giftPage{}, err
	}
	gifts, err := s.campaigns.Gifts(req.Context(), req.Scope, id)
	if err != nil {
		return giftPage{}, err
	}
	p := giftPage{Campaign: s.campaignRow(req, c, offices)}
	for _, g := range gifts {
		if g.RecordedBy == req.User.Name && len(p.Recent) < 5 {
			p.Recent = append(p.Recent, toGiftJSON(g, offices))
		}
	}
	return p, nil
}

func (s *Server) giftFormPage(w http.ResponseWriter, req *Request) error {
	p, err := s.giftPageData(req)
	if err != nil {
		return err
	}
	if req.URL.Query().Get("done") == "gift" {
		p.Done = req.T("campaign.done_gift")
	}
	return s.render(w, req, "campaign_gift", "campaign.gift_title", p)
}

func (s *Server) addGift(req *Request, in giftInput) (postcrm.Gift, error) {
	id, err := campaignID(req)
	if err != nil {
		return postcrm.Gift{}, err
	}
	g, err := s.campaigns.RecordGift(req.Context(), req.Scope, postcrm.Gift{CampaignID: id, Phone: in.Phone, WaybillNo: in.WaybillNo,
		Source: postcrm.GiftAtCounter}, actor(req))
	return g, domainError(err)
}

// recordGift records the counter's form: on success the empty form again
// with a confirmation, ready for the next customer; a refusal keeps what
// was entered and says, beside the field, which rule refused it.
func (s *Server) recordGift(w http.ResponseWriter, req *Request) error {
	in := giftInput{Phone: strings.TrimSpace(req.PostFormValue("phone")), WaybillNo: strings.TrimSpace(req.PostFormValue("waybill"))}
	_, err := s.addGift(req, in)
	id, _ := campaignID(req)
	return afterForm(w, req, err, fmt.Sprintf("/campaigns/%d/gift?done=gift", id), func(refusal fieldRefusal) error {
		p, perr := s.giftPageData(req)
		if perr != nil {
			return perr
		}
		p.Values, p.fieldRefusal = in, detailedRefusal(req, err, refusal)
		return s.renderPage(w, req, refusal.status, "campaign_gift", "campaign.gift_title", p)
	})
}

func (s *Server) apiRecordGift(w http.ResponseWriter, req *Request) error {
	var in giftInput
	if err := readJSON(w, req, &in); err != nil {
		return err
	}
	g, err := s.addGift(req, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toGiftJSON(g, nil))
	return nil
}

// maxGiftList bounds an uploaded gift list: a register of gifts is a few
// thousand rows at most.
const maxGiftList = 32 << 20

// giftImportResult is an imported gift list on the campaign's page: its
// counts and the refused rows (the first 100), each with its rule.
type giftImportResult struct {
	Source           string
	Read, Recorded   int
	Already, Refused int
	Rejected         []postcrm.Finding
}

// importGifts records the gifts of an uploaded list (CSV or XLSX, 手机号
// and 运单号 columns) by the campaign's rules, as the counter's form
// does, and shows the campaign's page with what was recorded and what
// was refused, row by row.
func (s *Server) importGifts(w http.ResponseWriter, req *Request) error {
	id, err := campaignID(req)
	if err != nil {
		return err
	}
	if _, err := s.campaigns.Campaign(req.Context(), req.Scope, id); err != nil {
		return err
	}
	req.Body = http.MaxBytesReader(nil, req.Body, maxGiftList)
	if err := req.ParseMultipartForm(maxGiftList); err != nil || req.MultipartForm == nil || len(req.MultipartForm.File["file"]) != 1 {
		return userError(http.StatusBadRequest, "import.no_file")
	}
	fh := req.MultipartForm.File["file"][0]
	path, err := saveUpload(s.opts.UploadDir, fh)
	if err != nil {
		return err
	}
	defer os.Remove(path)
	name := uploadFileName(fh.Filename)
	res, err := campaign.ImportGifts(req.Context(), s.campaigns, req.Scope, actor(req), id, path, name, "")
	if err != nil {
		if errors.Is(err, postcrm.ErrNotFound) {
			return err
		}
		return &httpError{status: http.StatusBadRequest, key: "campaign.import_failed", args: []any{err.Error()}}
	}
	d, err := s.loadCampaign(req)
	if err != nil {
		return err
	}
	d.Imported = &giftImportResult{Source: res.Source, Read: res.Read, Recorded: res.Recorded, Already: res.Already,
		Refused: len(res.Rejected), Rejected: res.Rejected[:min(len(res.Rejected), 100)]}
	return s.render(w, req, "campaign", "campaign.detail_title", d)
}
