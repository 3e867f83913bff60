// Package notice words and delivers the notices that tell a staff member
// a warning is theirs: dispatched, reassigned or escalated. The stores
// write each notice to an outbox in the transaction of the change (see
// postcrm.NoticeStore); Deliver sends the due ones through a Sender, the
// 企业微信 group robot of the recipient's office or city (WeCom) or, where
// none is set, the log (Log), and retries a failed one with exponential
// back-off until it is delivered (Backoff). See docs/notices.md.
package notice
