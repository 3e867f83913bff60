package ingest

import "postcrm"

// What happens to a row whose reference cannot be resolved but whose
// record is real all the same.
const (
	noteUnknownCourier   = "揽投员工号在机构人员数据里没有，邮件照常入库，但记不到揽投员名下"
	noteUnknownOwner     = "管户人工号在机构人员数据里没有，客户按未管户入库"
	noteUnknownRecruiter = "推荐人工号在机构人员数据里没有，会员照常入库，但记不到推荐人名下"
	noteWalkinNoPhone    = "散户邮件没有寄件人电话，认不出是哪位散户；邮件照常入库，但不计入散户分析"
)

// parseOrg reads a staff row and the office it names. Couriers and office
// managers belong to an office; city staff to a city; the province's
// marketing staff to neither, whatever the row says.
func (p *Parser) parseOrg(ch *rowCheck, b *postcrm.Batch) {
	s := postcrm.Staff{
		ID:   ch.required(orgStaffID),
		Name: ch.required(orgStaffName),
		Role: postcrm.Role(ch.enum(orgRole, roles)),
	}
	var office postcrm.Office
	switch s.Role {
	case postcrm.RoleCourier, postcrm.RoleOfficeManager:
		office = postcrm.Office{
			Code: ch.officeCode(orgOfficeCode, false),
			Name: ch.required(orgOfficeName),
			City: ch.required(orgCity),
		}
		s.OfficeCode, s.City = office.Code, office.City
	case postcrm.RoleCityManager:
		s.City = ch.required(orgCity)
	}
	s.Phone = ch.phone(orgPhone, anyPhoneOptional)
	p.rights.staff(ch, s, office, b)
	if ch.rejected {
		return
	}
	b.Staff = append(b.Staff, s)
	// An office has many staff rows; send it to the store once (again
	// only if a later row names it differently).
	if office.Code != "" && p.offices[office.Code] != office {
		p.offices[office.Code] = office
		b.Offices = append(b.Offices, office)
	}
}

func (p *Parser) parseCustomer(ch *rowCheck, b *postcrm.Batch) {
	c := postcrm.Customer{
		Code:         ch.required(custCode),
		Name:         ch.required(custName),
		OfficeCode:   ch.officeCode(custOfficeCode, true),
		Status:       postcrm.CustomerStatus(ch.enum(custStatus, statuses)),
		ContractDate: ch.date(custContractDate, dateOptional),
		ContactPhone: ch.phone(custContactPhone, anyPhoneOptional),
		OwnerStaffID: ch.staffRef(custOwner, noteUnknownOwner),
		Industry:     ch.value(custIndustry),
		ContactName:  ch.value(custContactName),
	}
	p.rights.customer(ch, c)
	if !ch.rejected {
		b.Customers = append(b.Customers, c)
	}
}

func (p *Parser) parseWaybill(ch *rowCheck, b *postcrm.Batch) {
	w := postcrm.Waybill{
		No:           ch.required(wbNo),
		OfficeCode:   ch.officeCode(wbOfficeCode, true),
		AcceptedAt:   ch.acceptedAt(wbAcceptedAt),
		CustomerCode: ch.customerCode(wbCustomer),
		SenderPhone:  ch.phone(wbSenderPhone, anyPhoneOptional),
		PostageFen:   ch.quantity(wbPostage, postage),
		WeightG:      ch.quantity(wbWeight, weight),
		Payment:      postcrm.Payment(ch.enum(wbPayment, payments)),
		Channel:      postcrm.Channel(ch.enum(wbChannel, channels)),
		Product:      ch.value(wbProduct),
		DestProvince: ch.value(wbDestProvince),
		// Last, so that it is noted only for rows that are otherwise fine.
		CourierStaffID: ch.staffRef(wbCourier, noteUnknownCourier),
	}
	p.rights.waybill(ch, w)
	if ch.rejected {
		return
	}
	if w.Walkin() && w.SenderPhone == "" {
		ch.note(wbSenderPhone, postcrm.ReasonNoPhone, noteWalkinNoPhone)
	}
	b.Waybills = append(b.Waybills, w)
}

func (p *Parser) parseMember(ch *rowCheck, b *postcrm.Batch) {
	m := postcrm.Member{
		Phone:        ch.phone(memPhone, mobileRequired),
		RegisteredOn: ch.date(memRegisteredOn, datePastRequired),
		OfficeCode:   ch.officeCode(memOfficeCode, true),
		StaffID:      ch.staffRef(memStaff, noteUnknownRecruiter),
	}
	p.rights.member(ch, m)
	if !ch.rejected {
		b.Members = append(b.Members, m)
	}
}
