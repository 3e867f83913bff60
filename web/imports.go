package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"

	"postcrm"
	"postcrm/ingest"
)

type importPage struct {
	Kinds []postcrm.ImportKind
	Runs  []importStatus
	Error string
	// City is the city manager's city: they import its rows only.
	City string
}

func (s *Server) importPage(w http.ResponseWriter, req *Request) error {
	return s.render(w, req, "import", "import.title", s.importPageData(req, ""))
}

func (s *Server) importPageData(req *Request, errMsg string) importPage {
	p := importPage{Kinds: postcrm.ImportKinds, Error: errMsg}
	if req.User.Role == postcrm.RoleCityManager {
		p.City = req.User.City
	}
	for _, r := range s.imports.visible(req.User) {
		p.Runs = append(p.Runs, r.status())
	}
	return p
}

func (s *Server) importUpload(w http.ResponseWriter, req *Request) error {
	run, err := s.startImport(req)
	var he *httpError
	if errors.As(err, &he) {
		return s.renderPage(w, req, he.status, "import", "import.title", s.importPageData(req, req.T(he.key, he.args...)))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, req.Request, fmt.Sprintf("/import/%d", run.ID), http.StatusSeeOther)
	return nil
}

// startImport takes the multipart form's "kind" and "file", saves the
// file and starts its import.
func (s *Server) startImport(req *Request) (*importRun, error) {
	if req.MultipartForm == nil {
		req.Body = http.MaxBytesReader(nil, req.Body, s.opts.MaxUpload)
		if err := req.ParseMultipartForm(32 << 20); err != nil {
			return nil, userError(http.StatusBadRequest, "import.no_file")
		}
	}
	kind, ok := parseImportKind(req.FormValue("kind"))
	if !ok {
		return nil, userError(http.StatusBadRequest, "import.bad_kind")
	}
	files := req.MultipartForm.File["file"]
	if len(files) != 1 {
		return nil, userError(http.StatusBadRequest, "import.no_file")
	}
	path, err := saveUpload(s.opts.UploadDir, files[0])
	if err != nil {
		return nil, err
	}
	name, addr := uploadFileName(files[0].Filename), clientAddr(req.Request)
	run := s.imports.add(postcrm.ImporterOf(req.User, addr), kind, name, path, s.now())
	target := fmt.Sprintf("%s %s #%d", kind, name, run.ID)
	if err := s.audit(req, postcrm.AuditImport, target, "started"); err != nil {
		run.finish(ingest.Summary{}, err)
		return nil, err
	}
	s.imports.run(s.ctx, run, func(sum ingest.Summary, err error) {
		detail := fmt.Sprintf("read %d, new %d, updated %d, unchanged %d, rejected %d", sum.Read, sum.Inserted, sum.Updated, sum.Unchanged, sum.Rejected)
		if err != nil {
			detail = "failed: " + err.Error()
		}
		// Written even when Close stopped the import: that is worth a line too.
		if err := s.auditAs(context.WithoutCancel(s.ctx), run.User, addr, postcrm.AuditImport, target, detail); err != nil {
			s.log.Error("auditing an import", "run", run.ID, "err", err)
		}
	})
	return run, nil
}

// runOf finds the {id} run of the request, within what the user may see.
func (s *Server) runOf(req *Request) (*importRun, error) {
	id, err := strconv.ParseInt(req.PathValue("id"), 10, 64)
	if err != nil {
		return nil, postcrm.ErrNotFound
	}
	return s.imports.get(req.User, id)
}

func (s *Server) importRunPage(w http.ResponseWriter, req *Request) error {
	run, err := s.runOf(req)
	if err != nil {
		return err
	}
	return s.render(w, req, "import_run", "import.run_title", run.status())
}

// errNoRejects answers for a run that rejected no row, or failed before
// it wrote any.
var errNoRejects = userError(http.StatusNotFound, "import.no_rejects")

// importRejects downloads the run's rejects file, named after the
// uploaded file as the command line names it.
func (s *Server) importRejects(w http.ResponseWriter, req *Request) error {
	run, err := s.runOf(req)
	if err != nil {
		return err
	}
	path := run.rejectsPath()
	if path == "" {
		return errNoRejects
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return errNoRejects
	}
	if err != nil {
		return fmt.Errorf("opening the rejects file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("opening the rejects file: %w", err)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(run.File+".rejects.csv"))
	http.ServeContent(w, req.Request, "", st.ModTime(), f)
	return nil
}

func (s *Server) apiImports(w http.ResponseWriter, req *Request) error {
	runs := []importStatus{}
	for _, r := range s.imports.visible(req.User) {
		runs = append(runs, r.status())
	}
	writeJSON(w, http.StatusOK, map[string]any{"imports": runs})
	return nil
}

func (s *Server) apiImportUpload(w http.ResponseWriter, req *Request) error {
	run, err := s.startImport(req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, run.status())
	return nil
}

func (s *Server) apiImport(w http.ResponseWriter, req *Request) error {
	run, err := s.runOf(req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, run.status())
	return nil
}
