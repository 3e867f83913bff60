// Package ingest reads the four export files postcrm imports (机构人员,
// 协议客户, 收寄明细, 电子渠道会员) and turns their rows into validated
// domain records and data-quality findings. It touches no database.
//
// A file is CSV in UTF-8 (with or without BOM), GB18030/GBK or UTF-16, or
// an XLSX workbook (first sheet); the format and encoding are detected from
// the content. Files are streamed, so memory stays bounded whatever their
// size. Header names are the Chinese ones or their English aliases, in any
// order; other columns are ignored.
//
// Typical use:
//
//	t, err := ingest.OpenTable(path)          // Chinese error naming the file
//	defer t.Close()
//	p, err := ingest.NewParser(kind, t, ref, time.Now()) // checks the header
//	rejects := ingest.NewRejectsWriter(rejectsPath, t.Header)
//	defer rejects.Close()
//	var b postcrm.Batch
//	for {
//		row, err := t.Next() // io.EOF at the end
//		...
//		if reject, rejected := p.Parse(row, &b); rejected {
//			err = rejects.Write(reject, row)
//		}
//		// apply b to the store every few thousand rows; t.Progress() for the bar
//	}
//
// Parse appends the row's record to the batch slice of its kind (org rows
// add a Staff and, the first time an office is named, its Office) together
// with the row's findings. A rejected row yields exactly one finding with
// Rejected set; a kept row may carry findings that do not reject it: an
// unknown courier, owner or recruiter (the reference is left empty) and a
// walk-in item without a sender phone.
package ingest
