package graph

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"time"
)

// Analytics: aggregates of the lists, group-by summaries, the cooperation
// matrix, and two network measures computed in Go over the people graph
// (betweenness centrality for brokers, Louvain for communities).
//
// Aggregates are computed over the whole filtered set of a list, never the
// page: Count counts the items; the statistics of a field count and summarize
// the items where the field is set (a project without an amount is in Count
// but not in Amount.Count, and Amount.Avg is the mean of the amounts given).
// Empty statistics have Count 0 and nil Min, Max and Avg (Sum 0).

// IntStats summarizes an integer field.
type IntStats struct {
	Count int
	Min   *int
	Max   *int
	Sum   int
	Avg   *float64
}

// FloatStats summarizes a number field (amounts, CNY).
type FloatStats struct {
	Count int
	Min   *float64
	Max   *float64
	Sum   float64
	Avg   *float64
}

// DateStats summarizes a calendar date field.
type DateStats struct {
	Count int
	Min   *time.Time
	Max   *time.Time
}

// DateTimeStats summarizes an instant field (createdAt, updatedAt).
type DateTimeStats struct {
	Count int
	Min   *time.Time
	Max   *time.Time
}

// PersonAggregate summarizes a filtered set of people.
type PersonAggregate struct {
	Count int
	// Cadres is how many of them have a posting.
	Cadres    int
	BirthYear *IntStats
	CreatedAt *DateTimeStats
}

// ProjectAggregate summarizes a filtered set of projects.
type ProjectAggregate struct {
	Count     int
	Amount    *FloatStats
	StartDate *DateStats
	EndDate   *DateStats
	CreatedAt *DateTimeStats
}

// EntityAggregate summarizes a filtered set of units, regions or companies.
type EntityAggregate struct {
	Count     int
	CreatedAt *DateTimeStats
}

// RelAggregate summarizes one parent's relationship list (a person's
// postings, a company's investments...) under its time filter. Batch is
// set by postings only; Amount by investments (the relationship's amount)
// and by lists of projects (the projects' amounts).
type RelAggregate struct {
	Count  int
	From   *DateStats
	To     *DateStats
	Batch  *IntStats
	Amount *FloatStats
}

// ProjectGroup is what GroupProjects groups by.
type ProjectGroup string

const (
	// GroupProjectKind: key the ProjectKind.
	GroupProjectKind ProjectGroup = "KIND"
	// GroupProjectStatus: key the ProjectStatus.
	GroupProjectStatus ProjectGroup = "STATUS"
	// GroupProjectRegion: the region the project is located in now, not
	// rolled up; key the region id, "" without one.
	GroupProjectRegion ProjectGroup = "REGION"
	// GroupProjectDispatchingUnit: the dispatching unit of a posting of a
	// cadre who secured or introduced the project; a project brought by
	// cadres of two units is in both rows; key "" for projects no cadre
	// brought.
	GroupProjectDispatchingUnit ProjectGroup = "DISPATCHING_UNIT"
	// GroupProjectYear: the year of the start date; key "" without one.
	GroupProjectYear ProjectGroup = "YEAR"
)

// ProjectGroups lists every project grouping.
var ProjectGroups = []ProjectGroup{GroupProjectKind, GroupProjectStatus, GroupProjectRegion, GroupProjectDispatchingUnit, GroupProjectYear}

// Valid reports whether g is a known grouping.
func (g ProjectGroup) Valid() bool { return oneOf(g, ProjectGroups) }

// CadreGroup is what GroupCadres groups by. A cadre belongs to the row of
// each of their postings, so rows may add up to more than the cadres.
type CadreGroup string

const (
	// GroupCadreUnitKind: the kind of the posting's dispatching unit.
	GroupCadreUnitKind CadreGroup = "DISPATCHING_UNIT_KIND"
	// GroupCadreBatch: the posting's batch year; key "" without one.
	GroupCadreBatch CadreGroup = "BATCH"
	// GroupCadreHostRegion: the region the host unit is located in now;
	// key the region id, "" without one.
	GroupCadreHostRegion CadreGroup = "HOST_REGION"
)

// CadreGroups lists every cadre grouping.
var CadreGroups = []CadreGroup{GroupCadreUnitKind, GroupCadreBatch, GroupCadreHostRegion}

// Valid reports whether g is a known grouping.
func (g CadreGroup) Valid() bool { return oneOf(g, CadreGroups) }

// GroupRow is one row of a group-by summary. For projects Count is the
// number of distinct projects and Sum their amount (a project without an
// amount adds 0). For cadres Count is the number of distinct cadres and Sum
// the amount of the distinct projects they secured or introduced.
type GroupRow struct {
	Key   string
	Label string
	Count int
	Sum   float64
}

// MaxGroupRows bounds a group-by summary; rows past it are dropped (the
// smallest ones: rows come largest first, years and batches in order).
const MaxGroupRows = 500

// MatrixRows is what the rows of a cooperation matrix stand for: who
// brought the projects.
type MatrixRows string

const (
	// MatrixByUnitKind: the kind of the dispatching unit.
	MatrixByUnitKind MatrixRows = "UNIT_KIND"
	// MatrixByUnit: the dispatching unit.
	MatrixByUnit MatrixRows = "UNIT"
	// MatrixByUnitRegion: the region the dispatching unit is located in
	// (Beijing, Tianjin, the province...); "" without one.
	MatrixByUnitRegion MatrixRows = "REGION"
)

// MatrixRowKinds lists every row dimension.
var MatrixRowKinds = []MatrixRows{MatrixByUnitKind, MatrixByUnit, MatrixByUnitRegion}

// Valid reports whether r is a known row dimension.
func (r MatrixRows) Valid() bool { return oneOf(r, MatrixRowKinds) }

// MatrixColumns is what the columns stand for: where the projects went.
type MatrixColumns string

const (
	// MatrixToRegion: the region (district, county) the project is located
	// in now; "" without one.
	MatrixToRegion MatrixColumns = "REGION"
	// MatrixToIndustry: the industry of a company investing in the
	// project; a project with investors of two industries is in both
	// columns; "unknown" without an investor or industry.
	MatrixToIndustry MatrixColumns = "INDUSTRY"
	// MatrixToYear: the year of the project's start date; "" without one.
	MatrixToYear MatrixColumns = "YEAR"
)

// MatrixColumnKinds lists every column dimension.
var MatrixColumnKinds = []MatrixColumns{MatrixToRegion, MatrixToIndustry, MatrixToYear}

// Valid reports whether c is a known column dimension.
func (c MatrixColumns) Valid() bool { return oneOf(c, MatrixColumnKinds) }

// MatrixMeasure is what a cell counts.
type MatrixMeasure string

const (
	// MeasureProjects: distinct projects.
	MeasureProjects MatrixMeasure = "PROJECTS"
	// MeasureAmount: the amount of the distinct projects, CNY (a project
	// without an amount adds 0).
	MeasureAmount MatrixMeasure = "AMOUNT"
	// MeasureCadres: distinct cadres who secured or introduced them.
	MeasureCadres MatrixMeasure = "CADRES"
)

// MatrixMeasures lists every measure.
var MatrixMeasures = []MatrixMeasure{MeasureProjects, MeasureAmount, MeasureCadres}

// Valid reports whether m is a known measure.
func (m MatrixMeasure) Valid() bool { return oneOf(m, MatrixMeasures) }

// Matrix bounds: the rows and columns with the largest totals are kept.
const (
	MaxMatrixRows    = 200
	MaxMatrixColumns = 200
)

// UnknownIndustry is the industry column of projects without one.
const UnknownIndustry = "unknown"

// MatrixHeader is one row or column of a matrix. Total is the measure over
// the whole row or column, counting a project (or cadre) once even when it
// falls in several cells of it, so totals need not equal the sum of cells.
type MatrixHeader struct {
	Key   string
	Label string
	Total float64
}

// CooperationMatrix is how much each dispatching unit (or kind or region of
// units) brought to each region, industry or year. A project is brought by
// a unit when a cadre with a posting from that unit secured or introduced
// it. Cells[i][j] is the measure of row i and column j.
type CooperationMatrix struct {
	RowKind    MatrixRows
	ColumnKind MatrixColumns
	Measure    MatrixMeasure
	Rows       []*MatrixHeader
	Columns    []*MatrixHeader
	Cells      [][]float64
	// Total is the measure over every project of the matrix, distinct.
	Total float64
	// Truncated is set when rows or columns past the bounds were dropped.
	Truncated bool
}

// WriteMatrixCSV writes the matrix as CSV: a header line ("key", "label",
// the column labels, "total"), a line of column keys, one line per row, and
// a last line of column totals.
func WriteMatrixCSV(w io.Writer, m *CooperationMatrix) error {
	cw := csv.NewWriter(w)
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	head := []string{"key", "label"}
	keys := []string{"", "key"}
	for _, c := range m.Columns {
		head = append(head, c.Label)
		keys = append(keys, c.Key)
	}
	head = append(head, "total")
	keys = append(keys, "")
	if err := cw.Write(head); err != nil {
		return err
	}
	if err := cw.Write(keys); err != nil {
		return err
	}
	for i, r := range m.Rows {
		line := []string{r.Key, r.Label}
		for j := range m.Columns {
			line = append(line, num(m.Cells[i][j]))
		}
		if err := cw.Write(append(line, num(r.Total))); err != nil {
			return err
		}
	}
	line := []string{"", "total"}
	for _, c := range m.Columns {
		line = append(line, num(c.Total))
	}
	if err := cw.Write(append(line, num(m.Total))); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// AggregateService computes aggregates, summaries and matrices, each in one
// database statement.
type AggregateService interface {
	AggregatePeople(ctx context.Context, where PersonWhere) (*PersonAggregate, error)
	AggregateUnits(ctx context.Context, where UnitWhere) (*EntityAggregate, error)
	AggregateRegions(ctx context.Context, where RegionWhere) (*EntityAggregate, error)
	AggregateCompanies(ctx context.Context, where CompanyWhere) (*EntityAggregate, error)
	AggregateProjects(ctx context.Context, where ProjectWhere) (*ProjectAggregate, error)
	// AggregateRelated summarizes a relationship field for many parents.
	AggregateRelated(ctx context.Context, field RelField, parentIDs []string, filter RelFilter) (map[string]*RelAggregate, error)
	GroupProjects(ctx context.Context, by ProjectGroup, where ProjectWhere) ([]*GroupRow, error)
	GroupCadres(ctx context.Context, by CadreGroup, where PersonWhere) ([]*GroupRow, error)
	CooperationMatrix(ctx context.Context, rows MatrixRows, columns MatrixColumns, measure MatrixMeasure, where ProjectWhere) (*CooperationMatrix, error)
}

// The people graph.
//
// Brokers and communities are computed over the people graph: one node per
// discoverable person, one undirected edge per pair with a reason to take
// each other's call. The edge weight is the pair's tie strength (TIE), or,
// for a pair without a computed tie, the strength its acquaintance (KNOWS)
// or its overlapping posting at one host unit would give (the tie
// parameters' Acquaintance and CoServedHostUnit); with several reasons the
// strongest counts.

// Bounds of the network measures.
const (
	// MaxAnalyticsFirst bounds brokers(first) and communities(first).
	MaxAnalyticsFirst = 100
	// DefaultBrokerSources is how many source people sampled betweenness
	// uses; graphs with at most this many people are computed exactly.
	DefaultBrokerSources = 200
	// MaxBrokerSources bounds BrokerQuery.Sources.
	MaxBrokerSources = 5000
	// CommunityTopMembers, CommunityTopUnits and CommunityTopRegions bound
	// the lists of a community.
	CommunityTopMembers = 10
	CommunityTopUnits   = 10
	CommunityTopRegions = 10
)

// BrokerQuery asks for the people who hold the network together.
type BrokerQuery struct {
	First int
	// Where keeps the brokers listed to these people; the centrality is
	// computed over the whole scope either way.
	Where PersonWhere
	// Scope restricts the people graph to these people; nil means
	// everyone.
	Scope *PersonWhere
	// Sources is the number of sampled source people; 0 means
	// DefaultBrokerSources. Scopes of at most Sources people are exact.
	Sources int
	// Refresh recomputes instead of answering from the cache.
	Refresh bool
}

// Broker is a person ranked by betweenness centrality.
type Broker struct {
	Rank   int
	Person *Person
	// Betweenness is normalized to [0, 1]: the share of shortest paths
	// between other pairs of people that pass through the person.
	Betweenness float64
	// Degree is the number of people the person is tied to.
	Degree int
	// Strength is the sum of the strengths of those ties.
	Strength float64
	// Units is the number of distinct units the person's contacts belong
	// to or were sent by (MEMBER_OF, the dispatching unit of POSTED_TO).
	Units int
	// Regions is the number of distinct regions the person's contacts
	// live in or serve in (LOCATED_IN, the host unit's region).
	Regions int
}

// BrokerResult is a ranking with its freshness.
type BrokerResult struct {
	Brokers []*Broker
	// ComputedAt is when the ranking was computed; it is served from the
	// cache until it is older than the cache's TTL or refresh is asked.
	ComputedAt time.Time
	// Sampled is set when betweenness was estimated from Sources source
	// people rather than all of them.
	Sampled bool
	Sources int
	// People and Edges are the size of the people graph.
	People int
	Edges  int
	// Weighted: shortest paths are the strongest ones (cost −log strength).
	Weighted bool
	// ProjectionMs and ComputeMs are how long the computation took.
	ProjectionMs float64
	ComputeMs    float64
	// Engine is where betweenness ran: "gds" (the Graph Data Science
	// library in the database) or "go" (in process).
	Engine string
}

// CommunityQuery asks for groups of densely connected people.
type CommunityQuery struct {
	First int
	// MinSize drops smaller communities; 0 means 2.
	MinSize int
	// Scope restricts the people graph; nil means everyone.
	Scope   *PersonWhere
	Refresh bool
}

// UnitCount is a unit and how many members of a community belong to or were
// sent by it.
type UnitCount struct {
	Unit   *Unit
	People int
}

// RegionCount is a region and how many members of a community live or
// serve in it.
type RegionCount struct {
	Region *Region
	People int
}

// Community is a group of people found by Louvain modularity maximization.
type Community struct {
	// Rank orders communities by size, largest first (1-based).
	Rank int
	Size int
	// Central are the members with the most ties inside the community
	// (then the strongest), at most CommunityTopMembers.
	Central []*Person
	// InternalEdges are the ties between members; Density is their share
	// of the pairs of members.
	InternalEdges int
	Density       float64
	// Units and Regions are the units and regions of the members, most
	// members first, at most CommunityTopUnits and CommunityTopRegions;
	// UnitCount and RegionCount count them all.
	Units       []*UnitCount
	Regions     []*RegionCount
	UnitCount   int
	RegionCount int
}

// CommunityResult lists communities with their freshness.
type CommunityResult struct {
	Communities []*Community
	// Total is the number of communities of at least MinSize people.
	Total int
	// Modularity of the whole partition, in [−½, 1].
	Modularity   float64
	ComputedAt   time.Time
	People       int
	Edges        int
	ProjectionMs float64
	ComputeMs    float64
	// Engine is where Louvain ran: "gds" or "go".
	Engine string
}

// NetworkAnalysisService ranks brokers and finds communities.
type NetworkAnalysisService interface {
	Brokers(ctx context.Context, q BrokerQuery) (*BrokerResult, error)
	Communities(ctx context.Context, q CommunityQuery) (*CommunityResult, error)
}

// ValidateFirst checks an analytics first argument.
func ValidateFirst(first int) error {
	if first < 1 || first > MaxAnalyticsFirst {
		return Errorf(CodeInvalidInput, "first: between 1 and %d, got %d", MaxAnalyticsFirst, first)
	}
	return nil
}

func (g ProjectGroup) MarshalGQL(w io.Writer) { marshalEnum(g, w) }
func (g *ProjectGroup) UnmarshalGQL(v any) error {
	return unmarshalEnum(g, v, ProjectGroup.Valid, "ProjectGroup")
}

func (g CadreGroup) MarshalGQL(w io.Writer) { marshalEnum(g, w) }
func (g *CadreGroup) UnmarshalGQL(v any) error {
	return unmarshalEnum(g, v, CadreGroup.Valid, "CadreGroup")
}

func (r MatrixRows) MarshalGQL(w io.Writer) { marshalEnum(r, w) }
func (r *MatrixRows) UnmarshalGQL(v any) error {
	return unmarshalEnum(r, v, MatrixRows.Valid, "MatrixRows")
}

func (c MatrixColumns) MarshalGQL(w io.Writer) { marshalEnum(c, w) }
func (c *MatrixColumns) UnmarshalGQL(v any) error {
	return unmarshalEnum(c, v, MatrixColumns.Valid, "MatrixColumns")
}

func (m MatrixMeasure) MarshalGQL(w io.Writer) { marshalEnum(m, w) }
func (m *MatrixMeasure) UnmarshalGQL(v any) error {
	return unmarshalEnum(m, v, MatrixMeasure.Valid, "MatrixMeasure")
}
