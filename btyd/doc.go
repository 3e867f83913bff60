// Package btyd holds the "buy till you die" models of walk-in customers
// (散户): how often a walk-in sends, whether it still sends at all, and
// how much it spends. Everything works on plain slices, in whatever time
// unit the caller uses (days for walk-ins, weeks for the CDNOW tests).
//
//   - BG/NBD: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "Counting
//     Your Customers the Easy Way: An Alternative to the Pareto/NBD Model",
//     Marketing Science 24(2), 275–284. Note: Fader, Hardie & Lee (2019),
//     "Computing P(alive) Using the BG/NBD Model".
//   - MBG/NBD: Batislam, E. P., Denizel, M. & Filiztekin, A. (2007),
//     "Empirical validation and comparison of models for customer base
//     analysis", International Journal of Research in Marketing 24(3),
//     201–209: a customer may also drop out right after the first purchase.
//   - Pareto/NBD: Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987),
//     "Counting Your Customers: Who Are They and What Will They Do Next?",
//     Management Science 33(1), 1–24; expressions from Fader, P. S. &
//     Hardie, B. G. S. (2005), "A Note on Deriving the Pareto/NBD Model and
//     Related Expressions". An alternative to BG/NBD for the analysts
//     (`postcrm btyd fit --model paretonbd`); its gradient is numerical.
//   - Gamma-Gamma spend: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005),
//     "RFM and CLV: Using Iso-Value Curves for Customer Base Analysis",
//     Journal of Marketing Research 42(4), 415–430; Fader & Hardie (2013),
//     "The Gamma-Gamma Model of Monetary Value".
//
// Fits are maximum likelihood with gonum's BFGS and analytic gradients, on
// the logarithms of the parameters so that they stay positive. Identical
// (x, t_x, T) rows are aggregated first ([Aggregate]), which is what makes
// a million walk-ins fit in well under a second.
package btyd
