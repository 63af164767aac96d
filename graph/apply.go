package graph

import "strings"

func set(dst *string, src *string) {
	if src != nil {
		*dst = strings.TrimSpace(*src)
	}
}

func val(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

func cleanList(xs []string) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Person builds the person the input describes (without id and times).
func (in *CreatePersonInput) Person() *Person {
	p := &Person{Name: strings.TrimSpace(in.Name), NameEn: val(in.NameEn), Gender: in.Gender, BirthYear: in.BirthYear,
		Expertise: cleanList(in.Expertise), Bio: val(in.Bio), Phone: val(in.Phone), Email: val(in.Email),
		Wechat: val(in.Wechat), Discoverable: true}
	if in.Discoverable != nil {
		p.Discoverable = *in.Discoverable
	}
	p.ReconnectAfterDays = in.ReconnectAfterDays
	return p
}

// Apply changes p as the update says.
func (in *UpdatePersonInput) Apply(p *Person) {
	set(&p.Name, in.Name)
	set(&p.NameEn, in.NameEn)
	if in.Gender != nil {
		p.Gender = in.Gender
	}
	if in.BirthYear != nil {
		p.BirthYear = in.BirthYear
	}
	if in.Expertise != nil {
		p.Expertise = cleanList(in.Expertise)
	}
	set(&p.Bio, in.Bio)
	set(&p.Phone, in.Phone)
	set(&p.Email, in.Email)
	set(&p.Wechat, in.Wechat)
	if in.Discoverable != nil {
		p.Discoverable = *in.Discoverable
	}
	if in.ReconnectAfterDays != nil {
		p.ReconnectAfterDays = in.ReconnectAfterDays
	}
}

// Unit builds the unit the input describes.
func (in *CreateUnitInput) Unit() *Unit {
	return &Unit{Name: strings.TrimSpace(in.Name), NameEn: val(in.NameEn), ShortName: val(in.ShortName), Kind: in.Kind,
		Description: val(in.Description), ParentID: val(in.ParentID), RegionID: val(in.RegionID)}
}

// Apply changes u as the update says.
func (in *UpdateUnitInput) Apply(u *Unit) {
	set(&u.Name, in.Name)
	set(&u.NameEn, in.NameEn)
	set(&u.ShortName, in.ShortName)
	if in.Kind != nil {
		u.Kind = *in.Kind
	}
	set(&u.Description, in.Description)
	set(&u.ParentID, in.ParentID)
	set(&u.RegionID, in.RegionID)
}

// Region builds the region the input describes.
func (in *CreateRegionInput) Region() *Region {
	return &Region{Name: strings.TrimSpace(in.Name), NameEn: val(in.NameEn), Level: in.Level, Code: val(in.Code), ParentID: val(in.ParentID)}
}

// Apply changes r as the update says.
func (in *UpdateRegionInput) Apply(r *Region) {
	set(&r.Name, in.Name)
	set(&r.NameEn, in.NameEn)
	if in.Level != nil {
		r.Level = *in.Level
	}
	set(&r.Code, in.Code)
	set(&r.ParentID, in.ParentID)
}

// Company builds the company the input describes.
func (in *CreateCompanyInput) Company() *Company {
	return &Company{Name: strings.TrimSpace(in.Name), NameEn: val(in.NameEn), CreditCode: NormalizeCreditCode(val(in.CreditCode)),
		Industry: val(in.Industry), Description: val(in.Description), ParentID: val(in.ParentID), RegionID: val(in.RegionID)}
}

// Apply changes c as the update says.
func (in *UpdateCompanyInput) Apply(c *Company) {
	set(&c.Name, in.Name)
	set(&c.NameEn, in.NameEn)
	if in.CreditCode != nil {
		c.CreditCode = NormalizeCreditCode(*in.CreditCode)
	}
	set(&c.Industry, in.Industry)
	set(&c.Description, in.Description)
	set(&c.ParentID, in.ParentID)
	set(&c.RegionID, in.RegionID)
}

// Project builds the project the input describes.
func (in *CreateProjectInput) Project() *Project {
	p := &Project{Name: strings.TrimSpace(in.Name), NameEn: val(in.NameEn), Kind: in.Kind, Status: StatusLead, Amount: in.Amount,
		StartDate: in.StartDate, EndDate: in.EndDate, Description: val(in.Description), RegionID: val(in.RegionID)}
	if in.Status != nil {
		p.Status = *in.Status
	}
	return p
}

// Apply changes p as the update says and checks the resulting period.
func (in *UpdateProjectInput) Apply(p *Project) error {
	set(&p.Name, in.Name)
	set(&p.NameEn, in.NameEn)
	if in.Kind != nil {
		p.Kind = *in.Kind
	}
	if in.Status != nil {
		p.Status = *in.Status
	}
	if in.Amount != nil {
		p.Amount = in.Amount
	}
	if in.StartDate != nil {
		p.StartDate = in.StartDate
	}
	if in.EndDate != nil {
		p.EndDate = in.EndDate
	}
	set(&p.Description, in.Description)
	set(&p.RegionID, in.RegionID)
	var v validator
	v.period("input.startDate", p.StartDate, "input.endDate", p.EndDate)
	return v.result()
}
