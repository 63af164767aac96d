package graph

// The GraphQL schema's optional string fields answer null when they have no
// value; the domain keeps them as plain strings, "" for none. gqlgen.yml
// binds each such field to one of these methods instead of the struct
// field, so that the empty string never reaches a client.
// The private fields, phone, email, wechat and an interaction's
// summary, answer null through their resolvers, which also mask them:
// server/resolvers/private.go.

func orNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (p *Person) NameEnOrNil() *string { return orNil(p.NameEn) }
func (p *Person) BioOrNil() *string    { return orNil(p.Bio) }

func (u *Unit) NameEnOrNil() *string      { return orNil(u.NameEn) }
func (u *Unit) ShortNameOrNil() *string   { return orNil(u.ShortName) }
func (u *Unit) DescriptionOrNil() *string { return orNil(u.Description) }

func (r *Region) NameEnOrNil() *string { return orNil(r.NameEn) }
func (r *Region) CodeOrNil() *string   { return orNil(r.Code) }

func (c *Company) NameEnOrNil() *string      { return orNil(c.NameEn) }
func (c *Company) CreditCodeOrNil() *string  { return orNil(c.CreditCode) }
func (c *Company) IndustryOrNil() *string    { return orNil(c.Industry) }
func (c *Company) DescriptionOrNil() *string { return orNil(c.Description) }

func (p *Project) NameEnOrNil() *string      { return orNil(p.NameEn) }
func (p *Project) DescriptionOrNil() *string { return orNil(p.Description) }

func (r *Relationship) TitleOrNil() *string { return orNil(r.Title) }
func (r *Relationship) HowOrNil() *string   { return orNil(r.How) }
func (r *Relationship) NoteOrNil() *string  { return orNil(r.Note) }

func (i *Interaction) LoggedByOrNil() *string { return orNil(i.LoggedBy) }

func (a *Achievement) NoteOrNil() *string { return orNil(a.Note) }
