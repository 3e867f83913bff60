package web

import (
	"context"

	"postcrm"
	"postcrm/auth"
	"postcrm/campaign"
	"postcrm/contest"
	"postcrm/followup"
	"postcrm/hub"
	"postcrm/ingest"
	"postcrm/policy"
	"postcrm/problem"
	"postcrm/refund"
	"postcrm/report"
	"postcrm/schedule"
)

// Store is what the web application needs of a store. New splits it by
// use, so that the handlers hold only reads bound to a scope: the
// province-wide reads behind the imports, the reports and the follow-up
// measurement are held by those parts (a function, a report.Library),
// never by the Server's store field.
type Store interface {
	handlerStore
	auth.AccountStore        // account administration, province administrators only
	ingest.Store             // the background imports
	report.Source            // the reports, bound to a scope per request
	followup.VersionedSource // the follow-up measurement over the province's analysis
	postcrm.SummaryStore     // the kept figures
	problem.Store            // the problem list, every call within a scope (Server.problems)
	refund.WebStore          // the refund cases, held by Server.refunds
	campaign.Store           // the campaigns and member growth, scoped, held by Server.campaigns
	campaign.Source          // the campaign measurement over the province, held in a function
	schedule.AdminStore      // the schedule's settings and log, province administrators only
	policy.Register          // the acceptance-policy adjustments, scoped
	hub.ScopedStore          // the mail-hub board, in the user's scope
	hub.WallStore            // the wall screen, held inside wallBoardOf
	contest.Store            // the knowledge contests, held by Server.contestStore
}

// handlerStore is what a handler may call. Every read of the business
// data takes a Scope (a record outside it is ErrNotFound); the rest is
// the signed-in user's own account and session, the settings, and the
// outbox and audit log, which only province administrators reach.
type handlerStore interface {
	postcrm.ScopedReader
	postcrm.ScopedWalkins
	postcrm.ScopedFollowup
	postcrm.AccountStore
	postcrm.SessionStore
	noticeAdmin
	settings

	// Ping tells that the database answers (the health check).
	Ping(ctx context.Context) error
}

// noticeAdmin is the outbox and the webhooks' page.
type noticeAdmin interface {
	Notices(ctx context.Context, q postcrm.NoticeQuery) ([]postcrm.Notice, error)
	UndeliveredNotices(ctx context.Context) (int, error)
	NoticeWebhooks(ctx context.Context) ([]postcrm.NoticeWebhook, error)
	SaveNoticeWebhook(ctx context.Context, h postcrm.NoticeWebhook, a postcrm.Actor) error
	DeleteNoticeWebhook(ctx context.Context, officeCode, city string, a postcrm.Actor) error
}

// settings are the province's follow-up and early-alert settings,
// contact reasons and activity notes.
type settings interface {
	FollowupSettings(ctx context.Context) (postcrm.FollowupSettings, error)
	SaveFollowupSettings(ctx context.Context, s postcrm.FollowupSettings, a postcrm.Actor) error
	AlertSettings(ctx context.Context) (postcrm.AlertSettings, error)
	SaveAlertSettings(ctx context.Context, s postcrm.AlertSettings, a postcrm.Actor) error
	Reasons(ctx context.Context) ([]postcrm.ContactReason, error)
	AddActNote(ctx context.Context, n postcrm.ActNote, a postcrm.Actor) (postcrm.ActNote, error)
	ActNotes(ctx context.Context, month postcrm.Month) ([]postcrm.ActNote, error)
	DataVersions(ctx context.Context) (postcrm.DataVersions, error)
}
