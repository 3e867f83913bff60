package postcrm

import "time"

// ImportKind names one of the files postcrm reads: the four exports and
// the offices' suspension register.
type ImportKind string

const (
	KindOrg         ImportKind = "org"         // 机构人员
	KindCustomers   ImportKind = "customers"   // 协议客户
	KindWaybills    ImportKind = "waybills"    // 收寄明细
	KindMembers     ImportKind = "members"     // 电子渠道会员
	KindSuspensions ImportKind = "suspensions" // 收寄暂停登记
	KindAdjustments ImportKind = "adjustments" // 收寄政策调整登记
)

// The mail hubs' files (package hub, `postcrm hub import`). Their rows go
// to the hub's own tables, but the import is logged and its rejected
// rows kept as findings like the exports' (ingest.ImportRows); they are
// not among ImportKinds, the exports the imports page takes.
const (
	KindHubVehicles ImportKind = "hub_vehicles" // 中心车辆
	KindHubCounts   ImportKind = "hub_counts"   // 中心计数
	KindHubRoster   ImportKind = "hub_roster"   // 中心志愿者排班
	KindHubQuotas   ImportKind = "hub_quotas"   // 中心志愿者名额
)

// ImportKinds lists the kinds in the order they must be imported: later
// kinds refer to earlier ones.
var ImportKinds = []ImportKind{KindOrg, KindCustomers, KindWaybills, KindMembers, KindSuspensions, KindAdjustments}

// Reason is the stable code of a data-quality finding; reports group by it.
type Reason string

const (
	ReasonMissingField    Reason = "missing_field"    // a required value is empty
	ReasonBadTime         Reason = "bad_time"         // unparseable accepted time
	ReasonBadDate         Reason = "bad_date"         // unparseable date
	ReasonBadNumber       Reason = "bad_number"       // not a number
	ReasonNegative        Reason = "negative_value"   // negative postage or weight
	ReasonAbsurd          Reason = "absurd_value"     // implausibly large postage or weight
	ReasonBadCode         Reason = "bad_code"         // malformed office code etc.
	ReasonBadEnum         Reason = "bad_enum"         // unknown role, status, payment, channel
	ReasonBadPhone        Reason = "bad_phone"        // malformed phone number
	ReasonUnknownOffice   Reason = "unknown_office"   // office code not in the org data
	ReasonUnknownCustomer Reason = "unknown_customer" // customer code not in the customer data
	ReasonUnknownStaff    Reason = "unknown_staff"    // owner/courier/recruiter not in the org data
	ReasonUnknownHub      Reason = "unknown_hub"      // a mail hub not registered with `postcrm hub add`
	ReasonNoPhone         Reason = "walkin_no_phone"  // walk-in item without a sender phone
	ReasonFuture          Reason = "future_time"      // accepted time in the future
	ReasonBadQuotes       Reason = "unbalanced_quote" // a CSV line whose quotes do not pair
)

// Finding is one data-quality problem found while importing a row. A
// rejected finding kept the row out of the store; the others are kept for
// the data-quality report while the row itself was stored.
type Finding struct {
	Kind       ImportKind
	Source     string // base name of the imported file
	Line       int    // 1-based line (CSV) or row (XLSX) number in the file
	Field      string // column name as it appeared in the file's header
	Reason     Reason
	Message    string // Chinese explanation for the person fixing the row
	Value      string // the offending value, as read
	OfficeCode string // the row's office when it could be read, for per-office reports
	Rejected   bool
	// Record is the natural key of the record the row describes (waybill
	// number, customer code, staff ID, member phone, office and first day
	// of a suspension), "" when the row's key cannot be read. A problem of
	// one record is one finding, whichever files repeat the record.
	Record string
}

// WriteResult counts what a batch did to the store.
type WriteResult struct {
	Inserted  int // new records
	Updated   int // records that existed with different content
	Unchanged int // records that existed with identical content (duplicates skipped)
}

// Add accumulates another result.
func (r *WriteResult) Add(o WriteResult) {
	r.Inserted += o.Inserted
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
}

// ImportRun is the log entry of one file import.
type ImportRun struct {
	ID         int64
	Kind       ImportKind
	Source     string
	StartedAt  time.Time
	FinishedAt time.Time
	Read       int
	Rejected   int
	WriteResult
	// ContentSHA256 is the file's SHA-256 (hex) and Size its length in
	// bytes: the import log knows a file by its content.
	ContentSHA256 string
	Size          int64
	// Checkpoint, when not 0, is the in-flight record of this import
	// (ImportCheckpoint.ID), removed when the run is recorded.
	Checkpoint int64
}

// ImportCheckpoint is where an unfinished import stood after its last
// committed batch, written in that batch's transaction (Batch.Checkpoint)
// so that it never runs ahead of or behind what is stored. Running the
// same file again resumes from it.
type ImportCheckpoint struct {
	ID int64
	// The file: kind, name, size, the SHA-256 (hex) of its first bytes
	// (ingest's headBytes), when it was last modified, and where its
	// rejects go.
	Kind        ImportKind
	Source      string
	Size        int64
	HeadSHA256  string
	ModifiedAt  time.Time
	RejectsPath string
	StartedAt   time.Time
	// Where the next row starts: Offset is the byte offset in the file
	// (CSV; 0 for XLSX) and Line the last line or sheet row read.
	Offset int64
	Line   int
	// Encoding is the CSV decoder's decision ("", "utf8", "gb18030"),
	// HashState the SHA-256 state of the bytes before Offset and Probe
	// the SHA-256 of the last bytes before it (a check that the file is
	// still the one read).
	Encoding  string
	HashState []byte
	Probe     string
	// RejectsBytes is the length of the rejects file after the batch.
	RejectsBytes int64
	// Counts so far: rows read, rejected, rejected as not permitted,
	// findings on stored rows, and what the batches did.
	Read, Rejected, NotPermitted, Findings int
	WriteResult
}

// Batch is a unit of import work that a store applies in one transaction,
// so that killing an import leaves whole batches only. Exactly one of the
// record slices is used, according to Kind. Findings are stored in the
// same transaction; re-storing a finding (same kind, source, line, field,
// reason) changes nothing. So are the batch's audit entries.
type Batch struct {
	Kind        ImportKind
	Offices     []Office // org: the offices named by the rows (deduplicated)
	Staff       []Staff  // org: one per row
	Customers   []Customer
	Waybills    []Waybill
	Members     []Member
	Suspensions []Suspension
	Adjustments []Adjustment
	Findings    []Finding
	// Audit entries written with the batch, so that a change of a
	// person's post and its record stand or fall together.
	Audit []AuditEntry
	// Checkpoint, when set, is written with the batch: its position and
	// the parser's counts replace the stored ones, and the batch's
	// WriteResult is added to the stored counts.
	Checkpoint *ImportCheckpoint
	// Counted is what a fact store apart from this store wrote of the
	// batch's records before it (see package split): added to the
	// batch's result and so to the checkpoint's counts.
	Counted WriteResult
}
