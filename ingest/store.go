package ingest

import (
	"context"

	"postcrm"
)

// Store is what an import reads and writes. It validates rows against
// the codes stored (RefData), writes each batch in one transaction
// (Apply) and logs the run (RecordImportRun); checking an importer's
// rights reads the staff, the offices, the accounts (an account without
// a staff row is a province administrator, whom an org row of the same
// ID would demote) and the offices of the waybills and members a file
// names, a block of keys at once or one by one. An import starts its
// checkpoint (BeginImport), which Apply moves with every batch, or goes
// on from the checkpoint an earlier one left (ImportCheckpoint).
type Store interface {
	RefData(ctx context.Context) (postcrm.RefData, error)
	RowsStore // Apply, RecordImportRun
	BeginImport(ctx context.Context, cp postcrm.ImportCheckpoint) (int64, error)
	ImportCheckpoint(ctx context.Context, kind postcrm.ImportKind, source, rejectsPath string) (postcrm.ImportCheckpoint, bool, error)

	Staff(ctx context.Context) ([]postcrm.Staff, error)
	Offices(ctx context.Context) ([]postcrm.Office, error)
	Users(ctx context.Context) ([]postcrm.User, error)
	Waybill(ctx context.Context, no string) (postcrm.Waybill, error)
	Member(ctx context.Context, phone string) (postcrm.Member, error)
	RecordOffices(ctx context.Context, kind postcrm.ImportKind, keys []string) (map[string]string, error)
	// MixValues lists the destination provinces ("d") or products ("p")
	// the waybills name, which an adjustment's row may refuse.
	MixValues(ctx context.Context, dim string) ([]string, error)
}
