package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"postcrm"
)

// Manifest describes what Generate wrote: the exports in import order, the
// ground-truth files, and every planted problem, so that tests can check
// that the importer rejects exactly the bad rows and counts the repeats.
type Manifest struct {
	Scale       string       `json:"scale"`
	Seed        int64        `json:"seed"`
	First       postcrm.Date `json:"first"` // first day generated
	Last        postcrm.Date `json:"last"`  // last day generated
	Files       []File       `json:"files"`
	Truth       []File       `json:"truth"`
	Findings    []Finding    `json:"findings"`
	Corrections []Correction `json:"corrections"`
	Waybills    int          `json:"waybills"` // distinct waybills the import should store
	Params      Params       `json:"params"`
}

// File is one written file.
type File struct {
	Name      string             `json:"name"`
	Kind      postcrm.ImportKind `json:"kind,omitempty"` // empty for ground-truth files
	Encoding  string             `json:"encoding"`
	Rows      int                `json:"rows"`                // data rows (lines after the header)
	Repeated  int                `json:"repeated,omitempty"`  // rows identical to rows of the previous file
	Corrected int                `json:"corrected,omitempty"` // earlier waybills re-sent with new postage
	Rejected  int                `json:"rejected,omitempty"`  // rows the importer must reject
}

// Finding is a planted data-quality problem: the row (line as the importer
// counts it, header = 1), the column and the reason the importer should
// give. Rejected findings keep the row out of the store.
type Finding struct {
	File     string         `json:"file"`
	Line     int            `json:"line"`
	Field    string         `json:"field"`
	Reason   postcrm.Reason `json:"reason"`
	Rejected bool           `json:"rejected"`
	Value    string         `json:"value"`
}

// Correction is a waybill sent again in a later file with other postage.
type Correction struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	WaybillNo string `json:"waybill_no"`
	OldFen    int64  `json:"old_fen"`
	NewFen    int64  `json:"new_fen"`
}

// ManifestFile is the name of the manifest Generate writes beside the data.
const ManifestFile = "manifest.json"

func (m *Manifest) add(f File, findings []Finding) {
	slices.SortStableFunc(findings, func(a, b Finding) int { return a.Line - b.Line })
	for _, fd := range findings {
		if fd.Rejected {
			f.Rejected++
		}
	}
	if f.Kind != "" {
		m.Files = append(m.Files, f)
	} else {
		m.Truth = append(m.Truth, f)
	}
	m.Findings = append(m.Findings, findings...)
}

func (m *Manifest) write(dir string) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("写入 %s: %w", ManifestFile, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestFile), append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("写入 %s: %w", ManifestFile, err)
	}
	return nil
}

// ReadManifest reads the manifest Generate left in dir.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return m, fmt.Errorf("读取模拟数据清单: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("读取 %s: %w", ManifestFile, err)
	}
	return m, nil
}
