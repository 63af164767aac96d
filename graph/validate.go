package graph

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on text fields.
const (
	MaxNameLen        = 200
	MaxTextLen        = 4000
	MaxShortLen       = 200
	MaxExpertise      = 20
	MinBirthYear      = 1900
	MinDateYear       = 1949
	MaxDateYearOffset = 30 // years into the future a planned date may lie
)

// ParseDate parses a calendar date "YYYY-MM-DD".
func ParseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, Errorf(CodeInvalidInput, "%q is not a date of the form YYYY-MM-DD", Truncate(s, 40))
	}
	return t, nil
}

// Today is the current date in UTC, at midnight.
func Today() time.Time {
	now := time.Now().UTC()
	return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
}

// validator collects the first problem found, naming the field.
type validator struct{ err *Error }

func (v *validator) fail(field, format string, args ...any) {
	if v.err == nil {
		v.err = Errorf(CodeInvalidInput, field+": "+format, args...)
	}
}

// count fills *n with def when it is 0 and checks that it lies between 1
// and max (a page size, a number of hops).
func (v *validator) count(field string, n *int, def, max int) {
	if *n == 0 {
		*n = def
	}
	if *n < 1 || *n > max {
		v.fail(field, "between 1 and %d, got %d", max, *n)
	}
}

func (v *validator) result() error {
	if v.err == nil {
		return nil
	}
	return v.err
}

func (v *validator) name(field, s string) {
	if strings.TrimSpace(s) == "" {
		v.fail(field, "must not be empty")
		return
	}
	v.text(field, s, MaxNameLen)
}

func (v *validator) text(field, s string, max int) {
	if !utf8.ValidString(s) {
		v.fail(field, "is not valid UTF-8")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		v.fail(field, "at most %d characters, got %d", max, n)
		return
	}
	for _, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			v.fail(field, "must not contain control characters")
			return
		}
	}
}

func (v *validator) optText(field string, s *string, max int) {
	if s != nil {
		v.text(field, *s, max)
	}
}

func (v *validator) optName(field string, s *string) {
	if s != nil {
		v.name(field, *s)
	}
}

func (v *validator) id(field string, id *string, want Kind, allowEmpty bool) {
	if id == nil {
		return
	}
	if *id == "" && allowEmpty {
		return
	}
	if err := ParseIDOf(field, *id, want); err != nil {
		v.fail(field, "%s", strings.TrimPrefix(ErrorMessage(err), field+": "))
	}
}

func (v *validator) reqID(field, id string, want Kind) { v.id(field, &id, want, false) }

func (v *validator) date(field string, d *time.Time) {
	if d == nil {
		return
	}
	max := Today().Year() + MaxDateYearOffset
	if d.Year() < MinDateYear || d.Year() > max {
		v.fail(field, "year must lie between %d and %d, got %d", MinDateYear, max, d.Year())
	}
}

func (v *validator) notFuture(field string, d *time.Time) {
	if d != nil && d.After(Today()) {
		v.fail(field, "must not lie in the future, got %s", d.Format(time.DateOnly))
	}
}

func (v *validator) period(fromField string, from *time.Time, toField string, to *time.Time) {
	v.date(fromField, from)
	v.date(toField, to)
	if from != nil && to != nil && to.Before(*from) {
		v.fail(toField, "%s is before %s %s", to.Format(time.DateOnly), fromField, from.Format(time.DateOnly))
	}
}

func (v *validator) birthYear(field string, y *int) {
	if y == nil {
		return
	}
	if max := Today().Year(); *y < MinBirthYear || *y > max {
		v.fail(field, "must lie between %d and %d, got %d", MinBirthYear, max, *y)
	}
}

func (v *validator) gender(field string, g *Gender) {
	if g != nil && *g != "" && !g.Valid() {
		v.fail(field, "unknown gender %q", Truncate(string(*g), 20))
	}
}

func (v *validator) expertise(field string, xs []string) {
	if len(xs) > MaxExpertise {
		v.fail(field, "at most %d fields, got %d", MaxExpertise, len(xs))
	}
	for _, x := range xs {
		v.name(field, x)
	}
}

func (v *validator) email(field string, s *string) {
	if s == nil || *s == "" {
		return
	}
	v.text(field, *s, MaxShortLen)
	if a, err := mail.ParseAddress(*s); err != nil || a.Address != *s {
		v.fail(field, "%q is not an e-mail address", Truncate(*s, 80))
	}
}

func (v *validator) phone(field string, s *string) {
	if s == nil || *s == "" {
		return
	}
	digits := 0
	for _, r := range *s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == '-' || r == ' ' || r == '(' || r == ')':
		default:
			v.fail(field, "%q is not a phone number", Truncate(*s, 40))
			return
		}
	}
	if digits < 5 || digits > 20 {
		v.fail(field, "%q is not a phone number", Truncate(*s, 40))
	}
}

// Reconnect thresholds, in days.
const (
	DefaultReconnectAfterDays = 180
	MaxReconnectAfterDays     = 3650
)

func (v *validator) reconnect(field string, d *int) {
	if d != nil && (*d < 1 || *d > MaxReconnectAfterDays) {
		v.fail(field, "between 1 and %d days, got %d", MaxReconnectAfterDays, *d)
	}
}

func (v *validator) amount(field string, a *float64) {
	if a != nil && (*a < 0 || *a > 1e15 || *a != *a) {
		v.fail(field, "must lie between 0 and 1e15 CNY")
	}
}

func (v *validator) regionCode(field string, s *string) {
	if s == nil || *s == "" {
		return
	}
	if len(*s) != 6 || strings.Trim(*s, "0123456789") != "" {
		v.fail(field, "%q is not a 6-digit administrative code", Truncate(*s, 20))
	}
}

func (v *validator) creditCode(field string, s *string) {
	if s == nil || *s == "" {
		return
	}
	if err := ValidCreditCode(NormalizeCreditCode(*s)); err != nil {
		v.fail(field, "%s", err.Error())
	}
}

func (v *validator) notSelf(field, a, b string) {
	if a != "" && a == b {
		v.fail(field, "must differ from the entity itself")
	}
}

// Validate checks a new person: as the update that sets each of its
// fields, so that the name (and any kind) must be given and valid.
func (in *CreatePersonInput) Validate() error { return in.asUpdate().Validate() }

func (in *CreatePersonInput) asUpdate() *UpdatePersonInput {
	return &UpdatePersonInput{Name: &in.Name, NameEn: in.NameEn, Gender: in.Gender, BirthYear: in.BirthYear, Expertise: in.Expertise,
		Bio: in.Bio, Phone: in.Phone, Email: in.Email, Wechat: in.Wechat, Discoverable: in.Discoverable, ReconnectAfterDays: in.ReconnectAfterDays}
}

// Validate checks a person update.
func (in *UpdatePersonInput) Validate() error {
	var v validator
	v.optName("input.name", in.Name)
	v.optText("input.nameEn", in.NameEn, MaxNameLen)
	v.gender("input.gender", in.Gender)
	v.birthYear("input.birthYear", in.BirthYear)
	v.expertise("input.expertise", in.Expertise)
	v.optText("input.bio", in.Bio, MaxTextLen)
	v.phone("input.phone", in.Phone)
	v.email("input.email", in.Email)
	v.optText("input.wechat", in.Wechat, MaxShortLen)
	v.reconnect("input.reconnectAfterDays", in.ReconnectAfterDays)
	return v.result()
}

// Validate checks a new unit: as the update that sets each of its
// fields, so that the name (and any kind) must be given and valid.
func (in *CreateUnitInput) Validate() error { return in.asUpdate().Validate("") }

func (in *CreateUnitInput) asUpdate() *UpdateUnitInput {
	return &UpdateUnitInput{Name: &in.Name, NameEn: in.NameEn, ShortName: in.ShortName, Kind: &in.Kind, Description: in.Description,
		ParentID: in.ParentID, RegionID: in.RegionID}
}

// Validate checks a unit update of the unit id.
func (in *UpdateUnitInput) Validate(id string) error {
	var v validator
	v.optName("input.name", in.Name)
	v.optText("input.nameEn", in.NameEn, MaxNameLen)
	v.optText("input.shortName", in.ShortName, MaxShortLen)
	if in.Kind != nil && !in.Kind.Valid() {
		v.fail("input.kind", "unknown unit kind %q", Truncate(string(*in.Kind), 40))
	}
	v.optText("input.description", in.Description, MaxTextLen)
	v.id("input.parentId", in.ParentID, KindUnit, true)
	if in.ParentID != nil {
		v.notSelf("input.parentId", *in.ParentID, id)
	}
	v.id("input.regionId", in.RegionID, KindRegion, true)
	return v.result()
}

// Validate checks a new region: as the update that sets each of its
// fields, so that the name (and any kind) must be given and valid.
func (in *CreateRegionInput) Validate() error { return in.asUpdate().Validate("") }

func (in *CreateRegionInput) asUpdate() *UpdateRegionInput {
	return &UpdateRegionInput{Name: &in.Name, NameEn: in.NameEn, Level: &in.Level, Code: in.Code, ParentID: in.ParentID}
}

// Validate checks a region update of the region id.
func (in *UpdateRegionInput) Validate(id string) error {
	var v validator
	v.optName("input.name", in.Name)
	v.optText("input.nameEn", in.NameEn, MaxNameLen)
	if in.Level != nil && !in.Level.Valid() {
		v.fail("input.level", "unknown region level %q", Truncate(string(*in.Level), 40))
	}
	v.regionCode("input.code", in.Code)
	v.id("input.parentId", in.ParentID, KindRegion, true)
	if in.ParentID != nil {
		v.notSelf("input.parentId", *in.ParentID, id)
	}
	return v.result()
}

// Validate checks a new company: as the update that sets each of its
// fields, so that the name (and any kind) must be given and valid.
func (in *CreateCompanyInput) Validate() error { return in.asUpdate().Validate("") }

func (in *CreateCompanyInput) asUpdate() *UpdateCompanyInput {
	return &UpdateCompanyInput{Name: &in.Name, NameEn: in.NameEn, CreditCode: in.CreditCode, Industry: in.Industry, Description: in.Description,
		ParentID: in.ParentID, RegionID: in.RegionID}
}

// Validate checks a company update of the company id.
func (in *UpdateCompanyInput) Validate(id string) error {
	var v validator
	v.optName("input.name", in.Name)
	v.optText("input.nameEn", in.NameEn, MaxNameLen)
	v.creditCode("input.creditCode", in.CreditCode)
	v.optText("input.industry", in.Industry, MaxShortLen)
	v.optText("input.description", in.Description, MaxTextLen)
	v.id("input.parentId", in.ParentID, KindCompany, true)
	if in.ParentID != nil {
		v.notSelf("input.parentId", *in.ParentID, id)
	}
	v.id("input.regionId", in.RegionID, KindRegion, true)
	return v.result()
}

// Validate checks a new project: as the update that sets each of its
// fields, so that the name (and any kind) must be given and valid.
func (in *CreateProjectInput) Validate() error { return in.asUpdate().Validate() }

func (in *CreateProjectInput) asUpdate() *UpdateProjectInput {
	return &UpdateProjectInput{Name: &in.Name, NameEn: in.NameEn, Kind: &in.Kind, Status: in.Status, Amount: in.Amount, StartDate: in.StartDate,
		EndDate: in.EndDate, Description: in.Description, RegionID: in.RegionID}
}

// Validate checks a project update. The period is checked again against
// the stored dates by storage.
func (in *UpdateProjectInput) Validate() error {
	var v validator
	v.optName("input.name", in.Name)
	v.optText("input.nameEn", in.NameEn, MaxNameLen)
	if in.Kind != nil && !in.Kind.Valid() {
		v.fail("input.kind", "unknown project kind %q", Truncate(string(*in.Kind), 40))
	}
	if in.Status != nil && !in.Status.Valid() {
		v.fail("input.status", "unknown project status %q", Truncate(string(*in.Status), 40))
	}
	v.amount("input.amount", in.Amount)
	v.period("input.startDate", in.StartDate, "input.endDate", in.EndDate)
	v.optText("input.description", in.Description, MaxTextLen)
	v.id("input.regionId", in.RegionID, KindRegion, true)
	return v.result()
}

// Validate checks a posting.
func (in *AddPostingInput) Validate() error {
	var v validator
	v.reqID("input.personId", in.PersonID, KindPerson)
	v.reqID("input.hostUnitId", in.HostUnitID, KindUnit)
	v.reqID("input.dispatchingUnitId", in.DispatchingUnitID, KindUnit)
	if in.HostUnitID != "" && in.HostUnitID == in.DispatchingUnitID {
		v.fail("input.dispatchingUnitId", "must differ from the host unit")
	}
	v.name("input.title", in.Title)
	if in.Batch != nil && (*in.Batch < MinDateYear || *in.Batch > Today().Year()+1) {
		v.fail("input.batch", "must be a year between %d and %d, got %d", MinDateYear, Today().Year()+1, *in.Batch)
	}
	from := in.From
	v.period("input.from", &from, "input.to", in.To)
	v.optText("input.note", in.Note, MaxTextLen)
	return v.result()
}

// Validate checks a membership.
func (in *AddMembershipInput) Validate() error {
	var v validator
	v.reqID("input.personId", in.PersonID, KindPerson)
	v.reqID("input.unitId", in.UnitID, KindUnit)
	v.optText("input.title", in.Title, MaxShortLen)
	v.period("input.from", in.From, "input.to", in.To)
	return v.result()
}

// Validate checks an employment.
func (in *AddEmploymentInput) Validate() error {
	var v validator
	v.reqID("input.personId", in.PersonID, KindPerson)
	v.reqID("input.companyId", in.CompanyID, KindCompany)
	v.optText("input.title", in.Title, MaxShortLen)
	v.period("input.from", in.From, "input.to", in.To)
	return v.result()
}

// Validate checks a location.
func (in *AddLocationInput) Validate() error {
	var v validator
	k, err := ParseID(in.EntityID)
	switch {
	case err != nil:
		v.fail("input.entityId", "%q is not a valid id", Truncate(in.EntityID, 80))
	case k == KindRegion:
		v.fail("input.entityId", "a region is placed with parentId, not a location")
	}
	v.reqID("input.regionId", in.RegionID, KindRegion)
	v.period("input.from", in.From, "input.to", in.To)
	return v.result()
}

// Validate checks a project role.
func (in *AddProjectRoleInput) Validate() error {
	var v validator
	v.reqID("input.personId", in.PersonID, KindPerson)
	v.reqID("input.projectId", in.ProjectID, KindProject)
	if !in.Role.Valid() {
		v.fail("input.role", "unknown role %q", Truncate(string(in.Role), 40))
	}
	v.date("input.date", in.Date)
	v.optText("input.note", in.Note, MaxTextLen)
	return v.result()
}

// Validate checks an investment.
func (in *AddInvestmentInput) Validate() error {
	var v validator
	v.reqID("input.companyId", in.CompanyID, KindCompany)
	v.reqID("input.projectId", in.ProjectID, KindProject)
	v.amount("input.amount", in.Amount)
	v.date("input.date", in.Date)
	return v.result()
}

// Validate checks a support.
func (in *AddSupportInput) Validate() error {
	var v validator
	v.reqID("input.unitId", in.UnitID, KindUnit)
	v.reqID("input.projectId", in.ProjectID, KindProject)
	v.optText("input.note", in.Note, MaxTextLen)
	v.date("input.date", in.Date)
	return v.result()
}

// Validate checks an acquaintance.
func (in *AddAcquaintanceInput) Validate() error {
	var v validator
	v.reqID("input.personId", in.PersonID, KindPerson)
	v.reqID("input.otherId", in.OtherID, KindPerson)
	if in.PersonID == in.OtherID && in.PersonID != "" {
		v.fail("input.otherId", "a person cannot be their own acquaintance")
	}
	v.date("input.since", in.Since)
	v.notFuture("input.since", in.Since)
	v.optText("input.how", in.How, MaxShortLen)
	return v.result()
}

// ValidateWhereIDs checks ids given in a filter.
func ValidateWhereIDs(field string, ids []string, want Kind) error {
	if len(ids) > MaxPageSize*10 {
		return Errorf(CodeInvalidInput, "%s: at most %d ids", field, MaxPageSize*10)
	}
	for _, id := range ids {
		if err := ParseIDOf(field, id, want); err != nil {
			return err
		}
	}
	return nil
}
